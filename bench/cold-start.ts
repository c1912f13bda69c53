// npx tsx bench/cold-start.ts: what the lazy default costs once: importing strata, then the first getBackend()
// (instantiating the WebAssembly module and choosing the kernels); run it a few times, each is a fresh process.
const t0 = performance.now();
const st = await import('../src/index.js');
const t1 = performance.now();
const backend = st.getBackend();
const t2 = performance.now();
console.log(JSON.stringify({ import_ms: +(t1 - t0).toFixed(1), first_backend_ms: +(t2 - t1).toFixed(1), backend }));
