// Starts the real service as Kubernetes would (a child process, SIGTERM to stop) and checks the
// probes, JSON logs, and that a request in flight at SIGTERM completes while readiness has
// already turned 503 and the listener closes before the process exits.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';

const server = join(import.meta.dirname, '..', 'src', 'server.ts');

interface Service {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logs: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env.PATH, PORT: '0', APP_VERSION: '1.2.3', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        // Every line must be one JSON object: JSON.parse throws on anything else.
        const entry = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolve(entry.port as number);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    });
    exited.then((code) => reject(new Error(`service exited with ${code} before listening`)));
  });
  return { child, port, logs, exited };
}

/** One request on its own connection (no keep-alive), so connection refusal is observable. */
function get(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('answers the probes and its own endpoints, logging JSON', async (t) => {
  const service = await start({});
  t.after(() => service.child.kill('SIGKILL'));

  for (const path of ['/healthz/live', '/healthz/startup', '/healthz/ready']) {
    assert.deepEqual(await get(service.port, path), {
      status: 200,
      body: { status: 'ok', phase: 'serving' },
    });
  }
  assert.deepEqual(await get(service.port, '/'), {
    status: 200,
    body: { service: 'example-app', version: '1.2.3' },
  });
  assert.equal((await get(service.port, '/nowhere')).status, 404);

  service.child.kill('SIGTERM');
  assert.equal(await service.exited, 0);
  const requestLog = service.logs.find((entry) => entry.msg === 'request' && entry.path === '/');
  assert.equal(requestLog?.status, 200);
  assert.equal(requestLog?.version, '1.2.3');
});

test('SIGTERM: readiness turns 503, the open request completes, then the listener closes and it exits 0', async (t) => {
  const service = await start({ SHUTDOWN_DELAY_MS: '400', DRAIN_TIMEOUT_MS: '5000' });
  t.after(() => service.child.kill('SIGKILL'));
  let exitedAt = Number.POSITIVE_INFINITY;
  service.exited.then(() => {
    exitedAt = performance.now();
  });

  const inFlight = get(service.port, '/work?ms=1200');
  await new Promise((resolve) => setTimeout(resolve, 150)); // the request has reached the service
  service.child.kill('SIGTERM');

  // Within the shutdown delay the listener still accepts, and readiness answers 503.
  let notReadyAt = 0;
  await until(async () => {
    const ready = await get(service.port, '/healthz/ready');
    if (ready.status !== 503) return false;
    assert.deepEqual(ready.body, { status: 'unavailable', phase: 'draining' });
    notReadyAt = performance.now();
    return true;
  }, 'readiness to turn 503');
  assert.equal((await get(service.port, '/healthz/live')).status, 200);

  // After the delay the listener is closed: new connections are refused while the request runs.
  await until(
    () =>
      get(service.port, '/healthz/live').then(
        () => false,
        (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
      ),
    'the listener to close',
  );
  assert.equal(exitedAt, Number.POSITIVE_INFINITY, 'still running: the request is not finished');

  assert.deepEqual(await inFlight, { status: 200, body: { worked: 1200 } });
  assert.equal(await service.exited, 0);
  assert.ok(notReadyAt < exitedAt);

  const messages = service.logs.map((entry) => entry.msg);
  const order = [
    'shutdown started: readiness is now 503',
    'listener closed, draining open requests',
    'shutdown complete',
  ];
  assert.deepEqual(
    messages.filter((msg) => order.includes(msg as string)),
    order,
  );
  assert.equal(service.logs.find((entry) => entry.msg === 'shutdown complete')?.drained, true);
});

test('a request longer than the drain timeout is cut, and the process still exits 0', async (t) => {
  const service = await start({ DRAIN_TIMEOUT_MS: '200' });
  t.after(() => service.child.kill('SIGKILL'));
  const inFlight = get(service.port, '/work?ms=5000').then(
    () => 'completed',
    () => 'cut',
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  service.child.kill('SIGTERM');
  assert.equal(await service.exited, 0);
  assert.equal(await inFlight, 'cut');
  assert.equal(service.logs.find((entry) => entry.msg === 'shutdown complete')?.drained, false);
});

test('a bad setting stops the start with a message naming it', async () => {
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env.PATH, PORT: 'eighty' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(stderr, /PORT must be a whole number >= 0, got 'eighty'/);
});
