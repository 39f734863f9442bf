// Auto-detection on the whole header set a sender really sends, not only its signature header:
// senders that copy another's headers (Gitea sends GitHub's) are still named as themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifySignature, type HeaderList } from '../../src/signatures/index.js';

const body = '{"ref":"refs/heads/main"}';
const hex = (hash: string, m: string) => createHmac(hash, 's').update(m).digest('hex');

// go-gitea/gitea services/webhook/deliver.go: X-Gitea-*, X-Gogs-*, X-Hub-Signature(-256) and X-GitHub-*.
const gitea: HeaderList = [
  ['X-Gitea-Delivery', 'd1'], ['X-Gitea-Event', 'push'], ['X-Gitea-Event-Type', 'push'], ['X-Gitea-Signature', hex('sha256', body)],
  ['X-Gogs-Delivery', 'd1'], ['X-Gogs-Event', 'push'], ['X-Gogs-Event-Type', 'push'], ['X-Gogs-Signature', hex('sha256', body)],
  ['X-Hub-Signature', `sha1=${hex('sha1', body)}`], ['X-Hub-Signature-256', `sha256=${hex('sha256', body)}`],
  ['X-GitHub-Delivery', 'd1'], ['X-GitHub-Event', 'push'], ['X-GitHub-Event-Type', 'push'],
];
// GitHub Docs, "Webhook events and payloads — Delivery headers".
const github: HeaderList = [
  ['User-Agent', 'GitHub-Hookshot/044aadd'], ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'], ['X-GitHub-Event', 'issues'],
  ['X-GitHub-Hook-ID', '292430182'], ['X-GitHub-Hook-Installation-Target-ID', '79929171'], ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
  ['X-Hub-Signature', `sha1=${hex('sha1', body)}`], ['X-Hub-Signature-256', `sha256=${hex('sha256', body)}`],
];

for (const [want, headers] of [['gitea', gitea], ['github', github]] as const) {
  test(`${want}: its whole header set is recognised as ${want}`, () => {
    const v = verifySignature({ scheme: 'auto', secret: 's', headers, body: Buffer.from(body) });
    assert.equal(v.valid, true, v.reason);
    assert.equal(v.scheme, want);
  });
}
