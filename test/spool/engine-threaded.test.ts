// The engine's tests once more, with the entries claimed and read ahead, and deleted behind, on the spool's
// file thread: what a flush of a large spool uses (a lookahead of 4 here, so that stops find claims in hand).
process.env.WD_ENGINE_CLAIMS = 'threaded';
await import('./engine.test.js');
