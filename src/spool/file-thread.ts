// The spool's file thread (see claim-source.ts): runs each batch of claim-and-read and move (give-back) jobs
// in order and answers with their results in the same order.
import { parentPort } from 'node:worker_threads';
import { runFileJobs, type FileJob } from './claim-source.js';

parentPort?.on('message', ({ jobs, budget }: { jobs: FileJob[]; budget: number }) => {
  parentPort!.postMessage(runFileJobs(jobs, budget));
});
