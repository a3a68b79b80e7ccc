// A seed-style relay (/work/shared/seed-flow.md, backend/src/services/websocketService.ts + realtimeService.ts):
// the baseline the whole-process benchmark compares the .NET host against. Like the seed it uses `ws`, parses every
// message with JSON.parse and writes every message with JSON.stringify, and speaks the seed's browser protocol subset:
// ready, audio_chunk -> input_audio_buffer.append, response.output_audio.delta -> audio_delta, listening, processing,
// text, error. No tools and no database: the benchmark's fake model never calls one.
//
//   node relay.js --model ws://127.0.0.1:PORT/v1/realtime [--port 0]
//
// Prints "LISTENING ws://127.0.0.1:PORT/ws" once it accepts calls. Reads commands on stdin, as the .NET host's
// benchmark startup hook does: "stats" prints one "STATS key=value ..." line with its GC counts so far.
'use strict';

const http = require('http');
const { PerformanceObserver, constants } = require('perf_hooks');
const readline = require('readline');
const { WebSocket, WebSocketServer } = require('ws');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const modelUrl = option('--model', process.env.OPENAI_REALTIME_URL);
const port = Number(option('--port', '0'));
if (!modelUrl) {
  console.error('usage: node relay.js --model ws://host:port/v1/realtime [--port 0]');
  process.exit(2);
}

// The seed's session: instructions, 24 kHz PCM both ways, Whisper transcription, semantic VAD, two tools.
const sessionUpdate = {
  type: 'session.update',
  session: {
    type: 'realtime',
    instructions: 'You are a friendly assistant who collects the caller\'s full name, email and phone number.',
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: { model: 'whisper-1' },
        turn_detection: { type: 'semantic_vad' },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' },
    },
    tools: [
      {
        type: 'function', name: 'save_contact', description: 'Save the contact once name, email and phone are known.',
        parameters: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } }, required: ['name', 'email', 'phone'] },
      },
      {
        type: 'function', name: 'update_contact', description: 'Correct a field of the saved contact.',
        parameters: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } } },
      },
    ],
  },
};

class RealtimeService {
  constructor(client) {
    this.client = client;
    this.hasGreeted = false;
    this.openai = null;
  }

  connect() {
    this.openai = new WebSocket(modelUrl, { headers: { Authorization: 'Bearer benchmark' } });
    this.openai.on('open', () => this.openai.send(JSON.stringify(sessionUpdate)));
    this.openai.on('message', (data) => this.handleServerEvent(JSON.parse(data.toString())));
    this.openai.on('error', (err) => this.sendToClient({ type: 'error', data: 'Connection to AI failed: ' + err.message }));
    this.openai.on('close', () => this.client.close());
  }

  handleServerEvent(event) {
    switch (event.type) {
      case 'session.updated':
        if (!this.hasGreeted) {
          this.hasGreeted = true;
          this.openai.send(JSON.stringify({ type: 'response.create', response: { instructions: 'Greet the caller and ask for their name.' } }));
          this.sendToClient({ type: 'ready' });
        }
        break;
      case 'input_audio_buffer.speech_started':
        this.sendToClient({ type: 'listening' });
        break;
      case 'input_audio_buffer.speech_stopped':
        this.sendToClient({ type: 'processing' });
        break;
      case 'response.output_audio.delta':
        this.sendToClient({ type: 'audio_delta', data: event.delta });
        break;
      case 'response.output_audio_transcript.done':
        this.sendToClient({ type: 'text', data: event.transcript });
        break;
      case 'error':
        this.sendToClient({ type: 'error', data: event.error && event.error.message });
        break;
      default:
        break;
    }
  }

  appendAudio(base64) {
    if (this.openai && this.openai.readyState === WebSocket.OPEN) {
      this.openai.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: base64 }));
    }
  }

  cancelResponse() {
    if (this.openai && this.openai.readyState === WebSocket.OPEN) {
      this.openai.send(JSON.stringify({ type: 'response.cancel' }));
    }
  }

  sendToClient(message) {
    if (this.client.readyState === WebSocket.OPEN) {
      this.client.send(JSON.stringify(message));
    }
  }

  disconnect() {
    if (this.openai) {
      this.openai.close();
      this.openai = null;
    }
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok' }));
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  const service = new RealtimeService(ws);
  service.connect();
  ws.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      service.sendToClient({ type: 'error', data: 'Invalid message' });
      return;
    }

    if (message.type === 'audio_chunk') {
      service.appendAudio(message.data);
    } else if (message.type === 'cancel') {
      service.cancelResponse();
    }
  });
  ws.on('close', () => service.disconnect());
});

// GC counts by kind, for the benchmark's "GCs in the measured window".
const gcCounts = { minor: 0, major: 0, incremental: 0, weakcb: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = entry.detail ? entry.detail.kind : entry.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcCounts.minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcCounts.major++;
    else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gcCounts.incremental++;
    else gcCounts.weakcb++;
  }
}).observe({ entryTypes: ['gc'] });

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stats') {
    process.stdout.write(`STATS gcMinor=${gcCounts.minor} gcMajor=${gcCounts.major} gcIncremental=${gcCounts.incremental} gcWeak=${gcCounts.weakcb}\n`);
  } else if (line.trim() === 'exit') {
    process.exit(0);
  }
}).on('close', () => process.exit(0));

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ws://127.0.0.1:${server.address().port}/ws\n`);
});
