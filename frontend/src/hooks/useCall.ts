import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { CallSession } from '../call/CallSession';
import { callReducer, initialCallState, type CallState } from '../call/callReducer';
import type { ContactField } from '../protocol/messages';

export interface UseCall {
  readonly state: CallState;
  /** Microphone level 0..1 (RMS of the last 50 ms frame). */
  readonly level: number;
  readonly startCall: () => void;
  readonly endCall: () => void;
  /** Sends a typed field; false when no call is open. */
  readonly editField: (field: ContactField, value: string) => boolean;
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

  const editField = useCallback((field: ContactField, value: string) => session.current?.editField(field, value) ?? false, []);

  // Leaving the page (or unmounting) hangs up.
  useEffect(() => endCall, [endCall]);

  return { state, level, startCall, endCall, editField };
}
