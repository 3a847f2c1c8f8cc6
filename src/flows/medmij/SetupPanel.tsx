import { useEffect, useState } from 'react';
import { demoDigidAccounts } from '../../../mocks/public';
import type { SetupPanelProps } from '../flow';
import { SIMULATIONS, type Simulation } from './exceptions';
import { UI, type Lang } from './i18n';
import { buildScope, parseGnl, parseZal, type Gnl, type Zal } from './lists';
import type { MedMijState } from './state';
import { errorText } from '../../protocol/step-failure';

type Lists = { kind: 'loading' } | { kind: 'ready'; zal: Zal; gnl: Gnl } | { kind: 'failed'; message: string };

/** Choose the zorgaanbieder (from the ZAL), the gegevensdienst (names from the GNL), the scope form, a DigiD hint, a simulation and the language. */
export function SetupPanel({ state, onChange, mode, locked, fetch }: SetupPanelProps<MedMijState>) {
  const lang = state.lang;
  // The step texts read the same state.lang (src/flows/flow.ts inRunLanguage).
  const ui = UI[lang];
  const [lists, setLists] = useState<Lists>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    (async () => {
      const get = async (name: string) => {
        const res = await fetch(`${state.listsBase}/lists/${name}.xml`);
        if (!res.ok) throw new Error(`${name}.xml: HTTP ${res.status}`);
        return res.text();
      };
      const [zal, gnl] = await Promise.all([get('zal'), get('gnl')]);
      if (live) setLists({ kind: 'ready', zal: parseZal(zal), gnl: parseGnl(gnl) });
    })().catch((e: unknown) => live && setLists({ kind: 'failed', message: errorText(e) }));
    return () => {
      live = false;
    };
  }, [state.listsBase, fetch]);

  const za = lists.kind === 'ready' ? lists.zal.zorgaanbieders.find((z) => z.naam === state.zorgaanbieder) : undefined;
  const dienstName = (id: string) => (lists.kind === 'ready' ? (lists.gnl.diensten.find((d) => d.id === id)?.weergavenaam ?? id) : id);
  const chooseZa = (naam: string) => {
    const next = lists.kind === 'ready' ? lists.zal.zorgaanbieders.find((z) => z.naam === naam) : undefined;
    const keep = next?.gegevensdiensten.some((g) => g.id === state.gegevensdienst);
    onChange({ zorgaanbieder: naam, gegevensdienst: keep ? state.gegevensdienst : (next?.gegevensdiensten[0]?.id ?? state.gegevensdienst) });
  };

  return (
    <fieldset disabled={locked} className="setup-grid" data-testid="medmij-setup">
      <div className="field">
        <span className="field-label">{ui.language}</span>
        <div className="field-row" role="radiogroup" aria-label={ui.language}>
          {(['en', 'nl'] as Lang[]).map((l) => (
            <label key={l}>
              <input type="radio" name="medmij-lang" data-testid={`medmij-lang-${l}`} checked={lang === l} onChange={() => onChange({ lang: l })} />{' '}
              {l === 'en' ? 'English' : 'Nederlands'}
            </label>
          ))}
        </div>
        {mode === 'live' && <p className="field-help">{ui.mockOnly}</p>}
      </div>

      {lists.kind === 'loading' && <p className="field-help">{ui.loadingLists}</p>}
      {lists.kind === 'failed' && (
        <p role="alert" className="field-help">
          {ui.listsFailed}: {lists.message}
        </p>
      )}

      <div className="field">
        <label htmlFor="medmij-za">{ui.zorgaanbieder}</label>
        <select id="medmij-za" value={state.zorgaanbieder} onChange={(e) => chooseZa(e.target.value)}>
          {lists.kind === 'ready' ? (
            lists.zal.zorgaanbieders.map((z) => (
              <option key={z.naam} value={z.naam}>
                {z.naam}
              </option>
            ))
          ) : (
            <option value={state.zorgaanbieder}>{state.zorgaanbieder}</option>
          )}
        </select>
      </div>

      <div className="field">
        <label htmlFor="medmij-dienst">{ui.gegevensdienst}</label>
        <select id="medmij-dienst" value={state.gegevensdienst} onChange={(e) => onChange({ gegevensdienst: e.target.value })}>
          {(za?.gegevensdiensten.map((g) => g.id) ?? [state.gegevensdienst]).map((id) => (
            <option key={id} value={id}>
              {id} — {dienstName(id)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <span className="field-label">{ui.scopeForm}</span>
        <div className="field-row" role="radiogroup" aria-label={ui.scopeForm}>
          <label>
            <input type="radio" name="medmij-scope" checked={state.scopeForm === '1.x'} onChange={() => onChange({ scopeForm: '1.x' })} /> {ui.scope1}
          </label>
          <label>
            <input type="radio" name="medmij-scope" checked={state.scopeForm === '2.x'} onChange={() => onChange({ scopeForm: '2.x' })} /> {ui.scope2}
          </label>
        </div>
        <p className="field-help">
          {ui.scopeIs} = <code data-testid="medmij-scope">{buildScope(state.scopeForm, state.zorgaanbieder, state.gegevensdienst)}</code>
        </p>
      </div>

      <div className="field">
        <label htmlFor="medmij-account">{ui.account}</label>
        <select id="medmij-account" value={state.accountHint} onChange={(e) => onChange({ accountHint: e.target.value })}>
          <option value="">{ui.noAccount}</option>
          {demoDigidAccounts().map((a) => (
            <option key={a.bsn} value={a.bsn}>
              {a.name} — {a.age} ({a.birthDate})
            </option>
          ))}
        </select>
      </div>

      <div className="field field-wide">
        <label htmlFor="medmij-simulate">{ui.simulate}</label>
        <select
          id="medmij-simulate"
          data-testid="medmij-simulate"
          value={state.simulate}
          onChange={(e) => onChange({ simulate: e.target.value as Simulation })}
        >
          {(['none', 'authorization', 'token'] as const).map((table) => (
            <optgroup
              key={table}
              label={table === 'none' ? '—' : table === 'authorization' ? 'Authorization interface' : 'Token interface (RFC 6749 §5.2 only)'}
            >
              {SIMULATIONS.filter((s) => s.table === table).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label[lang]}
                  {s.error ? ` → ${s.error}${s.description ? ` "${s.description}"` : ''}${s.endsAt ? ` (step ${s.endsAt})` : ''}` : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
