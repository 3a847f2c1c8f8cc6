import type { FlowDefinition } from '../flows/flow';
import type { Journal } from '../journal/types';
import { journalToCurl, journalToHar, journalToMarkdown } from '../journal/export';
import { useChromeText } from '../ui/run-language';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The journal as Markdown (to read), HAR (for browser tools) or curl (to replay). */
export function ExportMenu({ journal, definition }: { journal: Journal; definition: FlowDefinition<never> | FlowDefinition<object> }) {
  const text = useChromeText();
  const base = `${journal.flowId}-${journal.startedAt.slice(0, 19).replace(/[:T]/g, '-')}`;
  return (
    <details className="export-menu">
      <summary className="btn btn-secondary">{text.export}</summary>
      <div className="export-options">
        <button type="button" onClick={() => download(`${base}.md`, 'text/markdown', journalToMarkdown(journal, definition))}>
          {text.exportMarkdown}
        </button>
        <button type="button" onClick={() => download(`${base}.har`, 'application/json', JSON.stringify(journalToHar(journal), null, 2))}>
          {text.exportHar}
        </button>
        <button type="button" onClick={() => download(`${base}.sh`, 'text/x-shellscript', journalToCurl(journal))}>
          {text.exportCurl}
        </button>
      </div>
    </details>
  );
}
