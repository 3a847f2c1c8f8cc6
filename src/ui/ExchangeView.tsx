import { memo } from 'react';
import type { Exchange, HeaderList } from '../journal/types';
import { CodeBlock } from './CodeBlock';
import { CopyButton } from './CopyButton';
import { exchangeToCurl, type HttpExchange } from '../journal/curl';
import { clockTime, formatDuration, headerValue, httpStatusTone, prettyBody } from './format';
import { foldHeaders, isTokenResponse } from './header-folding';
import { useChromeText } from './run-language';
import './exchange-view.css';

type RedirectExchange = Extract<Exchange, { kind: 'redirect' }>;

// A recorded exchange never changes: its view is drawn once, not again each time its step's record grows.
export const ExchangeView = memo(function ExchangeView({ exchange }: { exchange: Exchange }) {
  return exchange.kind === 'http' ? <HttpExchangeView exchange={exchange} /> : <RedirectView exchange={exchange} />;
});

function HttpExchangeView({ exchange }: { exchange: HttpExchange }) {
  const { request, response, networkError } = exchange;
  const t = useChromeText().exchange;
  return (
    <article className="exchange exchange-http" data-testid="exchange" data-kind="http" aria-label={`${request.method} ${request.url}`}>
      <header className="exchange-head">
        <span className="http-method">{request.method}</span>
        <code className="exchange-url">{request.url}</code>
        {response ? (
          <span className={`http-status tone-${httpStatusTone(response.status)}`} data-testid="http-status">
            {response.status} {response.statusText}
          </span>
        ) : (
          <span className="http-status tone-server-error">{t.noResponse}</span>
        )}
        <span className="exchange-duration" title={`started ${exchange.startedAt}`}>
          {formatDuration(exchange.durationMs)}
        </span>
      </header>
      <div className="exchange-actions">
        <CopyButton value={request.url} label={t.url} showLabel />
        <CopyButton value={exchangeToCurl(exchange)} label={t.asCurl} showLabel />
      </div>
      {networkError !== undefined && (
        <div className="network-error" data-testid="network-error">
          <strong>{t.noAnswer}</strong> {t.browserSaid} <code>{networkError}</code>
        </div>
      )}
      <div className="exchange-parts">
        <div className="exchange-part">
          <h4>{t.request}</h4>
          <FoldedHeaders headers={request.headers} which="request" />
          <BodyView body={request.body} headers={request.headers} what={t.requestBody} />
        </div>
        {response && (
          <div className="exchange-part">
            <h4>{t.response}</h4>
            <FoldedHeaders headers={response.headers} which="response" tokenResponse={isTokenResponse(request.url, response.body)} />
            <BodyView body={response.body} headers={response.headers} what={t.responseBody} />
          </div>
        )}
      </div>
    </article>
  );
}

/** The headers that matter in view; every header, as sent, one click away. */
function FoldedHeaders({ headers, which, tokenResponse }: { headers: HeaderList; which: 'request' | 'response'; tokenResponse?: boolean }) {
  const t = useChromeText().exchange;
  const caption = which === 'request' ? t.requestHeaders : t.responseHeaders;
  if (headers.length === 0) return <p className="muted">{t.none(caption)}</p>;
  const { shown, all } = foldHeaders(headers, { tokenResponse });
  return (
    <div className="headers-folded" data-testid={`${which}-headers`}>
      {shown.length > 0 ? <HeadersTable headers={shown} caption={caption} /> : <p className="muted">{t.noneThatMatter(caption)}</p>}
      {all.length > shown.length && (
        <details className="headers-all">
          <summary>
            {t.all(all.length)} <span className="visually-hidden">{(which === 'request' ? t.request : t.response).toLowerCase()} </span>
            {t.headers}
          </summary>
          <HeadersTable headers={all} caption={t.allCaption(caption, all.length)} />
        </details>
      )}
    </div>
  );
}

function HeadersTable({ headers, caption }: { headers: HeaderList; caption: string }) {
  const t = useChromeText().exchange;
  if (headers.length === 0) return <p className="muted">{t.none(caption)}</p>;
  return (
    <table className="kv-table headers-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.value}</th>
        </tr>
      </thead>
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code className="wrap">{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BodyView({ body, headers, what }: { body: string | undefined; headers: HeaderList; what: string }) {
  const t = useChromeText().exchange;
  const pretty = prettyBody(body, headerValue(headers, 'content-type'));
  if (pretty.kind === 'empty' || body === undefined) return <p className="muted">{t.noBody(what)}</p>;
  const title = what.charAt(0).toUpperCase() + what.slice(1);
  return (
    <div className="body-view" data-body-kind={pretty.kind}>
      <div className="block-head">
        <h5>
          {title} <span className="muted">({pretty.kind === 'form' ? t.form : pretty.kind})</span>
        </h5>
        <CopyButton value={body} label={what} />
      </div>
      {pretty.kind === 'form' ? (
        <>
          <CodeBlock label={`${title}, ${t.raw}`}>{body}</CodeBlock>
          <ParamTable params={pretty.params} caption={`${title}, ${t.decoded}`} />
        </>
      ) : (
        <CodeBlock label={title}>{pretty.text}</CodeBlock>
      )}
    </div>
  );
}

/** Name/value pairs, each value with its own copy button: query parameters, form fields. */
function ParamTable({ params, caption }: { params: readonly [string, string][]; caption: string }) {
  const chrome = useChromeText();
  const t = chrome.exchange;
  if (params.length === 0) return <p className="muted">{t.none(caption)}</p>;
  return (
    <table className="kv-table param-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.value}</th>
          <th scope="col" className="copy-col">
            <span className="visually-hidden">{chrome.copy.bare}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {params.map(([name, value], i) => (
          <tr key={`${name}-${i}`} data-param={name}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code className="wrap">{value}</code>
            </td>
            <td className="copy-cell">
              <CopyButton value={value} label={name} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RedirectView({ exchange }: { exchange: RedirectExchange }) {
  const t = useChromeText().exchange;
  return (
    <article
      className={`exchange exchange-redirect direction-${exchange.direction}`}
      data-testid="exchange"
      data-kind="redirect"
      data-direction={exchange.direction}
    >
      <header className="exchange-head">
        <span className="http-method redirect-tag">{t.redirect}</span>
        <span className="redirect-direction">{exchange.direction === 'outgoing' ? t.outgoing : t.incoming}</span>
        <time className="exchange-duration" dateTime={exchange.at}>
          {clockTime(exchange.at)}
        </time>
      </header>
      {exchange.note && <p className="exchange-note">{exchange.note}</p>}
      <div className="block-head">
        <h4>{t.fullUrl}</h4>
        <CopyButton value={exchange.url} label={t.redirectUrl} />
      </div>
      <CodeBlock label={t.redirectUrl} className="exchange-url">
        {exchange.url}
      </CodeBlock>
      <ParamTable params={exchange.params} caption={t.parameters} />
    </article>
  );
}
