// What explain needs only for text: the pattern tables, the line reader and the log triage. A build entry of its
// own (dist/kb/read-text.js), required when text has to be read, so `explain 429` never parses the tables.
export { recogniseText } from './recognise.js';
export { triageLog } from './triage.js';
