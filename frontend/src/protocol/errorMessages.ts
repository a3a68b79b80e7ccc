/** A problem explained to the caller: a short title and, when useful, what to do about it. */
export interface CallProblem {
  readonly title: string;
  readonly detail: string;
  /** The host's error code, when the host gave one. */
  readonly code: string | null;
}

/** How an `error` message from the host affects the call. */
export type ErrorSeverity = 'fatal' | 'ended' | 'notice';

const SERVER_ERRORS: Record<string, { severity: ErrorSeverity; title: string; detail: string }> = {
  not_configured: {
    severity: 'fatal',
    title: 'The server has no OpenAI API key configured.',
    detail: 'Whoever runs this server must set OPENAI_API_KEY (or RealtimeVoiceAgent__ApiKey) and restart it.',
  },
  model_unavailable: {
    severity: 'fatal',
    title: 'Could not connect to the AI service.',
    detail: 'The server could not reach the AI model. Please try again in a moment.',
  },
  model_disconnected: {
    severity: 'fatal',
    title: 'The connection to the AI service was lost.',
    detail: 'Please start a new call.',
  },
  busy: {
    severity: 'fatal',
    title: 'All lines are busy.',
    detail: 'The server is at its limit of simultaneous calls. Please try again in a minute.',
  },
  flood: {
    severity: 'fatal',
    title: 'The call was stopped: too much audio was sent.',
    detail: 'Please start a new call.',
  },
  frame_too_large: {
    severity: 'fatal',
    title: 'The call was stopped: an audio message was too large.',
    detail: 'Please start a new call.',
  },
  call_time_limit: {
    severity: 'ended',
    title: 'The call reached its maximum length.',
    detail: 'Start a new call to continue.',
  },
  idle_timeout: {
    severity: 'ended',
    title: 'The call ended because nothing was said for a while.',
    detail: 'Start a new call when you are ready.',
  },
  slow_consumer: {
    severity: 'fatal',
    title: 'The call was dropped: this device could not keep up.',
    detail: 'Check your network connection and start a new call.',
  },
  server_shutdown: {
    severity: 'fatal',
    title: 'The server is restarting.',
    detail: 'Please start a new call in a moment.',
  },
  server_draining: {
    severity: 'ended',
    title: 'The server is restarting and takes no new calls right now.',
    detail: 'Please start a new call in a moment.',
  },
  internal_error: {
    severity: 'fatal',
    title: 'Something went wrong on the server.',
    detail: 'Please start a new call.',
  },
  bad_message: {
    severity: 'notice',
    title: 'The server could not understand a message from this page.',
    detail: 'The call goes on.',
  },
};

/** Classifies and explains an `error` message from the host. Unknown codes are fatal, like the seed's errors. */
export function describeServerError(code: string | null, data: string): { severity: ErrorSeverity; problem: CallProblem } {
  const known = code !== null ? SERVER_ERRORS[code] : undefined;
  if (code === 'model_error') {
    // The AI service reported a problem during the call; the host keeps the call going (as the seed did).
    return {
      severity: 'notice',
      problem: { title: `The AI service reported a problem${data ? `: ${data}` : '.'}`, detail: '', code },
    };
  }
  if (known) {
    return { severity: known.severity, problem: { title: known.title, detail: known.detail, code } };
  }
  // The seed's wording, with the server's message for detail.
  return {
    severity: 'fatal',
    problem: { title: 'Connection error. Please try again.', detail: data, code },
  };
}

/** The close reason the host gives when the assistant ended the call after its goodbye (with close code 1000). */
export const COMPLETED_CLOSE_REASON = 'completed';

/** Whether the host closed the call because the assistant's work was done: a normal end, not a problem. */
export function isCompletedClose(closeCode: number, reason: string): boolean {
  return closeCode === 1000 && reason === COMPLETED_CLOSE_REASON;
}

/** What the page says when the assistant ended the call. */
export const COMPLETED_NOTICE = 'The assistant ended the call. Thank you for calling!';

/** Explains a socket that closed without the host saying why first. */
export function describeUnexpectedClose(wasOpen: boolean, closeCode: number): CallProblem {
  if (!wasOpen) {
    return {
      title: 'Could not reach the server.',
      detail: 'Check that the VoiceContacts host is running and try again.',
      code: null,
    };
  }
  if (closeCode === 1013) {
    return { ...SERVER_ERRORS.busy!, code: 'busy' };
  }
  return {
    title: 'The connection to the server was lost.',
    detail: `Please start a new call (close code ${closeCode}).`,
    code: null,
  };
}

/** Why the microphone could not be used. */
export type MicrophoneFailure = 'denied' | 'missing' | 'busy' | 'insecure' | 'unknown';

/** Maps a getUserMedia failure to the reason shown to the caller. */
export function classifyMicrophoneError(error: unknown): MicrophoneFailure {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'InsecureContextError':
      return 'insecure';
    default:
      return 'unknown';
  }
}

export function describeMicrophoneFailure(failure: MicrophoneFailure): CallProblem {
  switch (failure) {
    case 'denied':
      return {
        title: 'Microphone access was denied.',
        detail: "Allow this site to use the microphone in your browser's site settings, then start the call again.",
        code: 'microphone_denied',
      };
    case 'missing':
      return {
        title: 'No microphone was found.',
        detail: 'Connect a microphone (or headset) and start the call again.',
        code: 'microphone_missing',
      };
    case 'busy':
      return {
        title: 'The microphone could not be started.',
        detail: 'Another application may be using it. Close it and start the call again.',
        code: 'microphone_busy',
      };
    case 'insecure':
      return {
        title: 'The microphone needs a secure connection.',
        detail: 'Open this page over https (or on localhost) to use the microphone.',
        code: 'microphone_insecure',
      };
    default:
      return {
        title: 'The microphone could not be started.',
        detail: 'Check your microphone and browser settings, then start the call again.',
        code: 'microphone_error',
      };
  }
}
