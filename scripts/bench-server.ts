/**
 * `npm run bench:server`: a workshop room against `npm run mock-server`.
 *
 * Starts the mock server (API only, a child process on 127.0.0.1 with a free
 * port), then N simulated attendees each walk the SMART standalone flow
 * (discovery, authorize with a skip scenario, token, Patient read, Observation
 * search, refresh) again and again for a fixed time. Prints flows/s, p50/p95/p99
 * per endpoint, errors, and the server's RSS before and after.
 *
 *   npm run bench:server -- --attendees 200 --seconds 20 --think-ms 0
 *   npm run bench:server -- --step-think-ms 2000   (a room: each attendee reads a step before Continue)
 *   BENCH_ATTENDEES=50 BENCH_SECONDS=5 npm run bench:server
 *
 * Each request is timed twice: as the attendee's client saw it (the load
 * generator shares the machine's cores, so this includes its own delays), and
 * as the server says it spent (its Server-Timing header). The attendees' requests
 * go out through node:http with a keep-alive agent (see standalone-flow.ts), and
 * the CPU both processes used is printed, so the generator's share can be told apart.
 *
 * Traffic goes to 127.0.0.1 only; every loop stops at the deadline or after
 * --max-flows flows, whichever comes first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOW_STEPS, keepAliveAgent, runStandaloneFlow, type FlowStep } from './standalone-flow';

interface Options {
  attendees: number;
  seconds: number;
  thinkMs: number;
  stepThinkMs: number;
  maxFlows: number;
}

function option(name: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} (${env}) must be a number ≥ 0, not "${raw}"`);
  return value;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/{pid}/stat, after the command name in parentheses; in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startServer(): Promise<{ child: ChildProcess; origin: string }> {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  // BENCH_CPU_PROF=<dir> writes the server's CPU profile there (to find what is slow).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'mocks/http-server.ts', '--no-app'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', PUBLIC_ORIGIN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the mock server did not start within 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`the mock server exited (${code}):\n${out}`)));
  });
  child.stdout.resume();
  return { child, origin };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms.toFixed(1));

async function main() {
  const opts: Options = {
    attendees: Math.floor(option('attendees', 'BENCH_ATTENDEES', 200)),
    seconds: option('seconds', 'BENCH_SECONDS', 20),
    thinkMs: option('think-ms', 'BENCH_THINK_MS', 0),
    stepThinkMs: option('step-think-ms', 'BENCH_STEP_THINK_MS', 0),
    maxFlows: Math.floor(option('max-flows', 'BENCH_MAX_FLOWS', 1_000_000)),
  };
  const { child, origin } = await startServer();
  const pid = child.pid!;
  try {
    // Warm-up, not measured: the signing key, then enough flows (10 at a time, 300 in all) for the JIT to
    // compile the hot paths of the server and of the load generator. With one flow, the room's first second
    // ran on code not yet optimised and its first requests took 80-200 ms, which is a cold start, not load.
    const rssAtStart = rssMb(pid);
    await runStandaloneFlow(origin);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 30; i++) await runStandaloneFlow(origin);
      }),
    );
    const rssBefore = rssMb(pid);
    const serverCpuBefore = cpuSeconds(pid);
    const ownCpuBefore = process.cpuUsage();
    const times = new Map<FlowStep, number[]>(FLOW_STEPS.map((s) => [s, []]));
    const serverTimes = new Map<FlowStep, number[]>(FLOW_STEPS.map((s) => [s, []]));
    const errors = new Map<string, number>();
    let flows = 0;
    let started = 0;
    const deadline = performance.now() + opts.seconds * 1000;
    const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

    const attendee = async (n: number) => {
      // Spread the first requests over the first think time, as a room does.
      if (opts.thinkMs || opts.stepThinkMs) await sleep(Math.random() * (opts.thinkMs || opts.stepThinkMs));
      // Reading time varies: 0.5 to 1.5 times the mean, so the room does not press Continue in step.
      const pause = opts.stepThinkMs ? () => sleep(opts.stepThinkMs * (0.5 + Math.random())) : undefined;
      // Each attendee's browser keeps its own connection to the server.
      const agent = keepAliveAgent();
      while (performance.now() < deadline && started < opts.maxFlows) {
        started++;
        try {
          await runStandaloneFlow(
            origin,
            (step, ms, _ok, serverMs) => {
              times.get(step)!.push(ms);
              if (serverMs !== undefined) serverTimes.get(step)!.push(serverMs);
            },
            n % 2 ? 'p-anna' : 'p-chloe',
            pause,
            agent,
          );
          flows++;
        } catch (e) {
          const key = (e as Error).message.slice(0, 120);
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
        if (opts.thinkMs) await sleep(opts.thinkMs);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: opts.attendees }, (_, i) => attendee(i)));
    const elapsed = (performance.now() - t0) / 1000;
    const rssAfter = rssMb(pid);
    const serverCpu = cpuSeconds(pid) - serverCpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);

    console.log(
      `Mock server benchmark: ${opts.attendees} attendees, ${opts.seconds} s, think time ${opts.thinkMs} ms between flows, ${opts.stepThinkMs} ms between steps, ${origin}`,
    );
    console.log(`  flows completed: ${flows} (${(flows / elapsed).toFixed(1)} flows/s, ${((flows * FLOW_STEPS.length) / elapsed).toFixed(0)} requests/s)`);
    console.log(`  errors: ${[...errors.values()].reduce((a, b) => a + b, 0)}`);
    for (const [message, count] of errors) console.log(`    ${count} × ${message}`);
    const table = (title: string, samples: Map<FlowStep, number[]>): number => {
      console.log(`  ${title}`);
      console.log('  endpoint        count     p50     p95     p99     max  (ms)');
      let worst = 0;
      for (const [step, list] of samples) {
        const sorted = [...list].sort((a, b) => a - b);
        const p99 = percentile(sorted, 99);
        worst = Math.max(worst, Number.isNaN(p99) ? 0 : p99);
        console.log(
          `  ${step.padEnd(14)} ${String(sorted.length).padStart(6)} ${fmt(percentile(sorted, 50)).padStart(7)} ${fmt(percentile(sorted, 95)).padStart(7)} ${fmt(p99).padStart(7)} ${fmt(sorted[sorted.length - 1] ?? NaN).padStart(7)}`,
        );
      }
      return worst;
    };
    const worstClient = table('as the attendees saw it (request sent to answer read)', times);
    const worstServer = table('as the server spent it (Server-Timing)', serverTimes);
    console.log(`  server RSS: ${rssAtStart} MB at start, ${rssBefore} MB after the warm-up, ${rssAfter} MB after the run`);
    // Both share the machine's cores: what the load generator spends, the server does not get.
    const share = (seconds: number) => `${seconds.toFixed(1)} s (${Math.round((100 * seconds) / elapsed)}% of one core)`;
    console.log(`  CPU used: server ${share(serverCpu)}, load generator ${share((ownCpu.user + ownCpu.system) / 1e6)}`);
    console.log(`  worst p99: ${fmt(worstClient)} ms as seen, ${fmt(worstServer)} ms in the server (target ≤ 50 ms)`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
