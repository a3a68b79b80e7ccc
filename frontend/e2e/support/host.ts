// Starts the real VoiceContacts host (built in Release by the test command) on a loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, waitForHttp } from './ports';

export const FRONTEND_DIR = resolve(import.meta.dirname, '..', '..');
export const REPO_ROOT = resolve(FRONTEND_DIR, '..');
export const HOST_PROJECT_DIR = join(REPO_ROOT, 'samples', 'VoiceContacts.Host');
const HOST_DLL = join(HOST_PROJECT_DIR, 'bin', 'Release', 'net10.0', 'VoiceContacts.Host.dll');

export interface RunningHost {
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** The test runner's environment without any model or host settings, so each test says exactly what it uses. */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'OPENAI_API_KEY' || /^(RealtimeVoiceAgent|VoiceContacts|ConnectionStrings)__/i.test(name)) {
      delete env[name];
    }
  }
  return env;
}

/**
 * Runs the host with configuration from environment variables (the ASP.NET Core `__` form).
 * Its console goes to logFile so a failing test can be diagnosed.
 */
export async function startHost(env: Record<string, string>, logFile: string): Promise<RunningHost> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, args] = existsSync(HOST_DLL)
    ? ['dotnet', [HOST_DLL]]
    : ['dotnet', ['run', '--project', HOST_PROJECT_DIR, '--no-build', '-c', 'Release']];
  const child: ChildProcess = spawn(command, args as string[], {
    // The content root, as with `dotnet run`: relative paths in the host's settings resolve from here.
    cwd: HOST_PROJECT_DIR,
    env: {
      ...inheritedEnvironment(),
      ASPNETCORE_URLS: url,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_NOLOGO: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited && child.pid !== undefined) {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => !exited && child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    }
    log.end();
  };

  try {
    await waitForHttp(`${url}/healthz`, 90_000, () => !exited);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}; see ${logFile}`);
  }
  return { url, logFile, stop };
}
