// AudioWorklet (audio rendering thread): plays the AI's audio from a queue and reports, per
// assistant item, how much was really played, so the host can truncate exactly on barge-in.
import { PlaybackQueue } from '../PlaybackQueue';
import { PLAYBACK_PROCESSOR, type PlaybackCommand, type PlaybackEvent } from './messages';

// Globals of the AudioWorkletGlobalScope, declared here because TypeScript's DOM lib lacks them.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly queue: PlaybackQueue;

  constructor() {
    super();
    const post = (event: PlaybackEvent): void => this.port.postMessage(event);
    this.queue = new PlaybackQueue(sampleRate, {
      onStart: () => post({ type: 'started' }),
      onDrain: () => post({ type: 'drained' }),
      onProgress: (position) => post({ type: 'progress', ...position }),
    });
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => {
      const command = event.data;
      if (command.type === 'push') {
        this.queue.push(command.itemId, command.samples);
      } else {
        const position = this.queue.flush();
        post({ type: 'flushed', reason: command.reason, position });
      }
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const first = output?.[0];
    if (output !== undefined && first !== undefined) {
      this.queue.render(first);
      for (let channel = 1; channel < output.length; channel++) {
        output[channel]?.set(first);
      }
    }
    return true;
  }
}

registerProcessor(PLAYBACK_PROCESSOR, PlaybackProcessor);
