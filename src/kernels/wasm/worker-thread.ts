// Worker threads for the pool: worker_threads in Node, Blob URL Workers in a browser.

/** The parts of a Node or browser worker the pool uses. */
export interface Thread {
  post(message: unknown): void;
  stop(): Promise<unknown> | void;
}

interface NodeWorker {
  on(event: string, listener: (value: unknown) => void): void;
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
}
type NodeWorkerThreads = { Worker: new (source: string, options: { eval: true }) => NodeWorker };

/** A worker running `source`: worker_threads in Node (looked up at run time), a Blob URL Worker in a browser. */
function spawn(source: string, ready: () => void, fail: (why: string) => void): Thread | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const threads = proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
  if (threads) {
    const worker = new threads.Worker(source, { eval: true });
    // referenced until it is ready (so `await pool.ready()` keeps the process alive), then idle workers must not
    worker.on('message', (m) => m === 'ready' && (worker.unref(), ready()));
    worker.on('error', (e) => fail(String(e)));
    worker.on('exit', (code) => fail(`the worker exited with code ${code}`));
    return { post: (m) => worker.postMessage(m), stop: () => worker.terminate() };
  }
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return null;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.onmessage = (e) => e.data === 'ready' && (URL.revokeObjectURL(url), ready());
  worker.onerror = (e) => fail(e.message);
  return { post: (m) => worker.postMessage(m), stop: () => worker.terminate() };
}

export function tryToSpawn(source: string, ready: () => void, fail: (why: string) => void): Thread | null {
  try {
    return spawn(source, ready, fail);
  } catch {
    return null; // e.g. a page whose content security policy forbids blob: workers
  }
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
export function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}
