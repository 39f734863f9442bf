// The baseline the spool benches race: the seeds' process_queue (glob → urlopen → unlink), with send_alert
// written with Python's standard library. Not a bench itself (run.mjs runs *.bench.mjs only).
export const PROCESS_QUEUE_DEFS = `
import json, sys, time, urllib.request
from pathlib import Path
QUEUE_DIR = Path(sys.argv[1])
URL = sys.argv[2]
def send_alert(alert):
    req = urllib.request.Request(URL, data=json.dumps(alert).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()
        return resp
def process_queue():
    for queue_file in QUEUE_DIR.glob("*.json"):
        alert = json.loads(queue_file.read_text())
        if 200 <= send_alert(alert).status < 300:
            queue_file.unlink()
`;
