import { memo } from 'react';
import type { Artifact, Check, JwtSignatureStatus } from '../journal/types';
import { CodeBlock } from './CodeBlock';
import { useChromeText } from './run-language';
import { CopyButton } from './CopyButton';
import { CodeExpiry } from './CodeExpiry';
import { InlineCode } from './InlineCode';
import { prettyJsonValue, prettyXml, scopeGrants, splitCompactJwt, timeClaims } from './format';

export interface ArtifactViewProps {
  artifact: Artifact;
  /** Explains a scope in plain words (from src/protocol's scope grammar), shown next to each scope. */
  describe?: (scope: string) => string;
}

type Of<K extends Artifact['kind']> = Extract<Artifact, { kind: K }>;

// A recorded artifact never changes: its view is drawn once, not again each time its step's record grows.
export const ArtifactView = memo(function ArtifactView({ artifact, describe }: ArtifactViewProps) {
  switch (artifact.kind) {
    case 'value':
      return <ValueArtifact artifact={artifact} />;
    case 'compare':
      return <CompareArtifact artifact={artifact} />;
    case 'pkce':
      return <PkceArtifact artifact={artifact} />;
    case 'jwt':
      return <JwtArtifact artifact={artifact} />;
    case 'opaque-token':
      return <OpaqueTokenArtifact artifact={artifact} />;
    case 'json':
      return <JsonArtifact artifact={artifact} />;
    case 'xml':
      return <XmlArtifact artifact={artifact} />;
    case 'table':
      return <TableArtifact artifact={artifact} />;
    case 'scopes':
      return <ScopesArtifact artifact={artifact} describe={describe} />;
    case 'checks':
      return <ChecksArtifact artifact={artifact} />;
    case 'warning':
      return <WarningArtifact artifact={artifact} />;
  }
});

function ValueArtifact({ artifact }: { artifact: Of<'value'> }) {
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-value" data-testid="artifact-value" data-label={artifact.label}>
      <div className="artifact-head">
        <h4>{artifact.label}</h4>
        {artifact.secret && (
          <span className="badge badge-warn" title={t.secretWhy}>
            {t.secret}
          </span>
        )}
        <CopyButton value={artifact.value} label={artifact.label} />
      </div>
      <code className="value-code">{artifact.value}</code>
      {artifact.expiry && <CodeExpiry since={artifact.expiry.since} lifetimeSeconds={artifact.expiry.lifetimeSeconds} />}
      {artifact.note && <p className="artifact-note">{artifact.note}</p>}
    </div>
  );
}

function MatchBadge({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <span className={`badge ${ok ? 'badge-ok' : 'badge-bad'}`}>{ok ? yes : no}</span>;
}

function CompareArtifact({ artifact }: { artifact: Of<'compare'> }) {
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-compare" data-testid="artifact-compare" data-equal={String(artifact.equal)}>
      <div className="artifact-head">
        <h4>{artifact.label}</h4>
        <MatchBadge ok={artifact.equal} yes={t.equal} no={t.different} />
      </div>
      <table className="kv-table compare-table">
        <tbody>
          <tr>
            <th scope="row">{artifact.sentLabel}</th>
            <td>
              <code className="wrap">{artifact.sent}</code>
            </td>
            <td className="copy-cell">
              <CopyButton value={artifact.sent} label={artifact.sentLabel} />
            </td>
          </tr>
          <tr>
            <th scope="row">{artifact.returnedLabel}</th>
            <td>
              <code className="wrap">{artifact.returned}</code>
            </td>
            <td className="copy-cell">
              <CopyButton value={artifact.returned} label={artifact.returnedLabel} />
            </td>
          </tr>
        </tbody>
      </table>
      {artifact.note && <p className="artifact-note">{artifact.note}</p>}
    </div>
  );
}

function PkceArtifact({ artifact }: { artifact: Of<'pkce'> }) {
  const match = artifact.recomputed === artifact.challenge;
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-pkce" data-testid="artifact-pkce" data-match={String(match)}>
      <div className="artifact-head">
        <h4>PKCE ({artifact.method})</h4>
        <MatchBadge ok={match} yes={t.pkceMatches} no={t.mismatch} />
      </div>
      <ol className="pkce-pipeline" aria-label={t.pkcePipeline}>
        <li className="pkce-value">
          <span className="pkce-label">code_verifier</span>
          <span className="pkce-box">
            <code className="wrap">{artifact.verifier}</code>
            <CopyButton value={artifact.verifier} label="code_verifier" />
          </span>
        </li>
        <li className="pkce-op">SHA-256</li>
        <li className="pkce-op">base64url</li>
        <li className="pkce-value">
          <span className="pkce-label">{t.recomputed}</span>
          <span className="pkce-box">
            <code className="wrap">{artifact.recomputed}</code>
            <CopyButton value={artifact.recomputed} label={t.recomputed} />
          </span>
        </li>
      </ol>
      <table className="kv-table compare-table">
        <tbody>
          <tr>
            <th scope="row">{t.challengeSent}</th>
            <td>
              <code className="wrap">{artifact.challenge}</code>
            </td>
            <td className="copy-cell">
              <CopyButton value={artifact.challenge} label="code_challenge" />
            </td>
          </tr>
          <tr>
            <th scope="row">{t.recomputedFrom}</th>
            <td>
              <code className="wrap">{artifact.recomputed}</code>
            </td>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const SIGNATURE_BADGE: Record<JwtSignatureStatus['kind'], string> = {
  valid: 'badge-ok',
  invalid: 'badge-bad',
  unverified: 'badge-warn',
};

function JwtArtifact({ artifact }: { artifact: Of<'jwt'> }) {
  const parts = splitCompactJwt(artifact.compact);
  const times = timeClaims(artifact.payload);
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-jwt" data-testid="artifact-jwt" data-signature={artifact.signature.kind}>
      <div className="artifact-head">
        <h4>{artifact.label}</h4>
        <span className={`badge ${SIGNATURE_BADGE[artifact.signature.kind]}`} data-testid="jwt-signature">
          {t.signature[artifact.signature.kind]}
        </span>
        <CopyButton value={artifact.compact} label={artifact.label} />
      </div>
      {artifact.signature.detail && <p className="artifact-note">{artifact.signature.detail}</p>}
      <pre className="code-block jwt-compact" tabIndex={0} role="group" aria-label={t.compactForm(artifact.label)}>
        <code>
          {parts.map((part, i) => (
            <span key={i}>
              {i > 0 && <span className="jwt-dot">.</span>}
              <span className={`jwt-part jwt-${part.role}`} title={part.role}>
                {part.text}
              </span>
            </span>
          ))}
        </code>
      </pre>
      <div className="jwt-decoded">
        <div>
          <h5>
            <span className="jwt-swatch jwt-header" aria-hidden="true" /> {t.header}
          </h5>
          <CodeBlock label={`${artifact.label} header`}>{prettyJsonValue(artifact.header)}</CodeBlock>
        </div>
        <div>
          <h5>
            <span className="jwt-swatch jwt-payload" aria-hidden="true" /> {t.payload}
          </h5>
          <CodeBlock label={`${artifact.label} payload`}>{prettyJsonValue(artifact.payload)}</CodeBlock>
        </div>
      </div>
      {times.length > 0 && (
        <table className="kv-table time-claims">
          <caption>{t.times}</caption>
          <thead>
            <tr>
              <th scope="col">{t.claim}</th>
              <th scope="col">{t.value}</th>
              <th scope="col">{t.localTime}</th>
            </tr>
          </thead>
          <tbody>
            {times.map((claim) => (
              <tr key={claim.name}>
                <th scope="row">
                  <code>{claim.name}</code>
                </th>
                <td>
                  <code>{claim.seconds}</code>
                </td>
                <td>{claim.local}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {artifact.checks && artifact.checks.length > 0 && <CheckList checks={artifact.checks} label={t.checksOn(artifact.label)} />}
    </div>
  );
}

function OpaqueTokenArtifact({ artifact }: { artifact: Of<'opaque-token'> }) {
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-opaque" data-testid="artifact-opaque-token">
      <div className="artifact-head">
        <h4>{artifact.label}</h4>
        <span className="badge badge-neutral">{t.opaque}</span>
        <CopyButton value={artifact.value} label={artifact.label} />
      </div>
      <code className="value-code">{artifact.value}</code>
      <p className="artifact-note">{artifact.note}</p>
    </div>
  );
}

function JsonArtifact({ artifact }: { artifact: Of<'json'> }) {
  const text = prettyJsonValue(artifact.value);
  return (
    <details className="artifact artifact-json" data-testid="artifact-json" open>
      <summary>
        <h4>{artifact.label}</h4>
      </summary>
      <div className="block-head">
        <span className="muted">JSON</span>
        <CopyButton value={text} label={artifact.label} />
      </div>
      <CodeBlock label={artifact.label}>{text}</CodeBlock>
    </details>
  );
}

function XmlArtifact({ artifact }: { artifact: Of<'xml'> }) {
  return (
    <details className="artifact artifact-xml" data-testid="artifact-xml" open>
      <summary>
        <h4>{artifact.label}</h4>
      </summary>
      <div className="block-head">
        <span className="muted">XML</span>
        <CopyButton value={artifact.xml} label={artifact.label} />
      </div>
      <CodeBlock label={artifact.label}>{prettyXml(artifact.xml)}</CodeBlock>
      {artifact.note && <p className="artifact-note">{artifact.note}</p>}
    </details>
  );
}

function TableArtifact({ artifact }: { artifact: Of<'table'> }) {
  return (
    <div className="artifact artifact-table" data-testid="artifact-table">
      {/* A wide table scrolls inside its own box, which the keyboard can reach and scroll. */}
      <div className="table-scroll" tabIndex={0} role="group" aria-label={artifact.label}>
        <table className="data-table">
          <caption>
            <h4>{artifact.label}</h4>
          </caption>
          <thead>
            <tr>
              {artifact.columns.map((column, i) => (
                <th key={i} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {artifact.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 ? (
                    <th key={c} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={c}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ScopesArtifact({ artifact, describe }: { artifact: Of<'scopes'>; describe?: (scope: string) => string }) {
  const rows = scopeGrants(artifact.requested, artifact.granted);
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-scopes" data-testid="artifact-scopes">
      <div className="artifact-head">
        <h4>{t.scopes}</h4>
        <span className="muted">{t.scopeCounts(artifact.requested.length, artifact.granted.length)}</span>
        <CopyButton value={artifact.granted.join(' ')} label={t.grantedScopes} />
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t.noScopes}</p>
      ) : (
        <ul className="scope-list">
          {rows.map(({ scope, grant }) => (
            <li key={scope} className={`scope-row grant-${grant}`} data-scope={scope} data-grant={grant}>
              <code className={`chip scope-chip grant-${grant}`}>{scope}</code>
              <span className={`scope-grant grant-${grant}`}>{t.grant[grant]}</span>
              {describe && <span className="scope-description">{describe(scope)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A step that went on despite a problem says so where it cannot be missed. */
function WarningArtifact({ artifact }: { artifact: Of<'warning'> }) {
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-warning" data-testid="artifact-warning" role="note" aria-label={t.warningLabel(artifact.label)}>
      <div className="artifact-head">
        <span className="warning-mark" aria-hidden="true">
          ⚠
        </span>
        <h4>{artifact.label}</h4>
        <span className="badge badge-warn">{t.warning}</span>
      </div>
      <p className="warning-message">
        <InlineCode text={artifact.message} />
      </p>
      <p className="artifact-note">
        <InlineCode text={artifact.why} />
        {artifact.spec && (
          <>
            {' '}
            <a href={artifact.spec.url} target="_blank" rel="noreferrer">
              {artifact.spec.label}
            </a>
          </>
        )}
      </p>
    </div>
  );
}

function ChecksArtifact({ artifact }: { artifact: Of<'checks'> }) {
  const allOk = artifact.checks.every((check) => check.ok);
  const t = useChromeText().artifact;
  return (
    <div className="artifact artifact-checks" data-testid="artifact-checks" data-ok={String(allOk)}>
      <div className="artifact-head">
        <h4>{artifact.label}</h4>
        <MatchBadge ok={allOk} yes={t.allPassed} no={t.someFailed} />
      </div>
      <CheckList checks={artifact.checks} label={artifact.label} />
    </div>
  );
}

function CheckList({ checks, label }: { checks: readonly Check[]; label: string }) {
  const t = useChromeText().artifact;
  return (
    <ul className="check-list" aria-label={label}>
      {checks.map((check, i) => (
        <li key={`${check.name}-${i}`} className={`check ${check.ok ? 'check-ok' : 'check-bad'}`} data-ok={String(check.ok)}>
          <span className="check-mark" role="img" aria-label={check.ok ? t.passed : t.failed}>
            {check.ok ? '✓' : '✗'}
          </span>{' '}
          <strong>{check.name}</strong>: {check.detail}
        </li>
      ))}
    </ul>
  );
}
