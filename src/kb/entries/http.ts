// Knowledge-base entries for HTTP statuses and status classes a webhook receiver can answer with.
import type { KbEntry } from '../schema.js';

export const httpEntries: KbEntry[] = [
  {
    key: '429',
    kind: 'http-status',
    title: '429 Too Many Requests',
    aliases: ['too many requests', 'rate limited', 'rate limit exceeded', 'throttled by receiver'],
    meaning: 'The receiver is rate limiting you: more requests arrived in its window than your quota allows.',
    causes: ['A burst or flood of alerts', 'The plan limit per minute or per day is reached', 'Several senders share one token'],
    fixes: [
      { text: 'Pace deliveries under the limit and drain the backlog at that rate.', command: 'webhook-doctor flush ./spool --rate 50/min' },
    ],
    retry: { retry: 'yes', why: 'The request was fine; wait for Retry-After (or back off exponentially with jitter) and send it again.' },
    senders: {},
    sources: ['Parapet Security', 'RFC 6585'],
    related: ['retry-policy', 'throttled'],
  },
];
