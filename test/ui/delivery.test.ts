// The explanation shown under a failed delivery: the knowledge base's fix commands, for the URL actually used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explanationFor } from '../../src/ui/delivery.js';

test('fix commands name the URL\'s host and port where the knowledge base says example.com:443, the host alone elsewhere', async () => {
  const e = await explanationFor('EPROTO', 'https://127.0.0.1:18402/ok');
  const commands = e!.next.map((n) => n.command);
  assert.deepEqual(commands, [
    'openssl s_client -connect 127.0.0.1:18402 -servername 127.0.0.1 -tls1_2',
    'curl -v http://127.0.0.1:18402/',
  ]);
  const dns = await explanationFor('ENOTFOUND', 'https://hooks.example.org/in');
  assert.ok(dns!.next.some((n) => n.command === 'nslookup hooks.example.org'), JSON.stringify(dns!.next));
});
