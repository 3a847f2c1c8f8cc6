import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built playground for the default mock server: built once with Vite's
 * API when the folder has no index.html. The build runs in a child process,
 * so its few hundred MB are given back before the server starts listening.
 */
export async function ensureBuiltApp(root: string, distDir: string, log: (line: string) => void = console.log): Promise<void> {
  if (existsSync(join(distDir, 'index.html'))) return;
  log(`Building the playground into ${distDir} (once; delete the folder to rebuild) ...`);
  const script = `import('vite').then((v) => v.build({ root: ${JSON.stringify(root)}, configFile: ${JSON.stringify(join(root, 'vite.config.ts'))}, logLevel: 'warn', build: { outDir: ${JSON.stringify(distDir)}, emptyOutDir: true } }))`;
  await new Promise<void>((ok, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`Building the playground failed (exit ${code}); run \`npm run build\` to see why.`))));
  });
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`The build wrote no ${join(distDir, 'index.html')}.`);
}
