import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

/**
 * `npm run dev` watches the sources only. A build written into dist-* (the
 * browser tests build there) or test output must not reach the watcher: Vite
 * reloads every open page when an .html file it watches changes, which cut
 * flows short in the middle of a run.
 */
describe('the dev server watches sources, not builds or test output', () => {
  const root = process.cwd();
  const planted = ['dist-watch-check', 'test-results-watch-check', '.bench/watch-check'];
  const control = 'watch-check-control'; // an ordinary folder beside them, which is watched
  let server: ViteDevServer;
  let cacheDir: string;

  beforeAll(async () => {
    for (const dir of [...planted, control]) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'index.html'), '<!doctype html><title>a build</title>');
    }
    cacheDir = mkdtempSync(join(tmpdir(), 'playground-vite-'));
    process.env.PLAYGROUND_VITE_CACHE_DIR = cacheDir;
    server = await createServer({ configFile: join(root, 'vite.config.ts'), logLevel: 'silent', server: { middlewareMode: true, ws: false } });
    // The watcher has read the planted folders once it reports the control folder's file.
    await vi.waitFor(() => expect(watchedFiles()).toContain(`${control}/index.html`), { timeout: 30_000, interval: 100 });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    delete process.env.PLAYGROUND_VITE_CACHE_DIR;
    for (const dir of [...planted, control]) rmSync(join(root, dir), { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const watchedFiles = () => Object.entries(server.watcher.getWatched()).flatMap(([dir, names]) => names.map((name) => relative(root, join(dir, name))));

  it('does not watch the files in dist-*, test-results-* or .bench', () => {
    const watched = watchedFiles();
    expect(watched).toContain('src/main.tsx');
    for (const dir of planted) expect(watched, dir).not.toContain(`${dir}/index.html`);
  });
});
