// AudioWorklet (audio rendering thread): collects the microphone's 128-sample render quanta into
// 50 ms frames at the device rate and posts each frame to the page, as the seed's
// audio-processor.worklet.js did. The page encodes and sends them.
import { FrameAccumulator } from '../FrameAccumulator';
import { samplesPerFrame } from '../pcm';
import { CAPTURE_PROCESSOR, type CaptureFrameMessage } from './messages';

// Globals of the AudioWorkletGlobalScope, declared here because TypeScript's DOM lib lacks them.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly accumulator = new FrameAccumulator(samplesPerFrame(sampleRate));

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel !== undefined && channel.length > 0) {
      this.accumulator.push(channel, (samples) => {
        const message: CaptureFrameMessage = { type: 'frame', samples };
        this.port.postMessage(message, [samples.buffer]);
      });
    }
    // Keep running while the node is connected, even through silent gaps in the input.
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
