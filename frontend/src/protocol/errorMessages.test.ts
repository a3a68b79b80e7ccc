import { describe, expect, it } from 'vitest';
import {
  classifyMicrophoneError,
  describeMicrophoneFailure,
  describeServerError,
  describeUnexpectedClose,
} from './errorMessages';

describe('describeServerError', () => {
  it('says plainly that the server has no OpenAI API key for not_configured', () => {
    const { severity, problem } = describeServerError('not_configured', 'OpenAI API key missing');
    expect(severity).toBe('fatal');
    expect(problem.title).toMatch(/no OpenAI API key configured/);
    expect(problem.code).toBe('not_configured');
  });

  it('explains an unreachable model as a connection error', () => {
    expect(describeServerError('model_unavailable', '').problem.title).toMatch(/connect to the AI service/i);
  });

  it('keeps the call going on bad_message and ends it normally on time limits', () => {
    expect(describeServerError('bad_message', 'x').severity).toBe('notice');
    expect(describeServerError('idle_timeout', 'x').severity).toBe('ended');
    expect(describeServerError('call_time_limit', 'x').severity).toBe('ended');
  });

  it("uses the seed's wording with the server's message for errors without a known code", () => {
    const { severity, problem } = describeServerError(null, 'Failed to connect to AI service');
    expect(severity).toBe('fatal');
    expect(problem.title).toBe('Connection error. Please try again.');
    expect(problem.detail).toBe('Failed to connect to AI service');
  });
});

describe('describeUnexpectedClose', () => {
  it('distinguishes a server that never answered from a dropped call', () => {
    expect(describeUnexpectedClose(false, 1006).title).toMatch(/could not reach the server/i);
    expect(describeUnexpectedClose(true, 1006).title).toMatch(/connection to the server was lost/i);
    expect(describeUnexpectedClose(true, 1013).code).toBe('busy');
  });
});

describe('microphone errors', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotReadableError', 'busy'],
    ['InsecureContextError', 'insecure'],
    ['TypeError', 'unknown'],
  ])('%s is %s', (name, failure) => {
    expect(classifyMicrophoneError({ name })).toBe(failure);
  });

  it('tells the caller what to do when access is denied or there is no microphone', () => {
    expect(describeMicrophoneFailure('denied').title).toMatch(/denied/);
    expect(describeMicrophoneFailure('denied').detail).toMatch(/allow/i);
    expect(describeMicrophoneFailure('missing').title).toMatch(/no microphone/i);
  });

  it('classifies things that are not errors as unknown', () => {
    expect(classifyMicrophoneError(undefined)).toBe('unknown');
    expect(classifyMicrophoneError('boom')).toBe('unknown');
  });
});
