import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { CallSession } from '../call/CallSession';
import { callReducer, initialCallState, type CallState } from '../call/callReducer';

export interface UseCall {
  readonly state: CallState;
  /** Microphone level 0..1 (RMS of the last 50 ms frame). */
  readonly level: number;
  readonly startCall: () => void;
  readonly endCall: () => void;
}

/** The call as React sees it: state from the reducer, side effects in a CallSession. */
export function useCall(): UseCall {
  const [state, dispatch] = useReducer(callReducer, initialCallState);
  const [level, setLevel] = useState(0);
  const session = useRef<CallSession | null>(null);

  const endCall = useCallback(() => {
    session.current?.end();
    session.current = null;
  }, []);

  const startCall = useCallback(() => {
    session.current?.end();
    const next = new CallSession({ dispatch, onLevel: setLevel });
    session.current = next;
    void next.start();
  }, []);

  // Leaving the page (or unmounting) hangs up.
  useEffect(() => endCall, [endCall]);

  return { state, level, startCall, endCall };
}
