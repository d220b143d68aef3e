import { ChildProcess, execFileSync, spawn } from 'child_process';
import net from 'net';
import { randomBytes } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

const root = path.resolve(__dirname, '../..');

/**
 * A server of our own on a fresh demo database, for tests that must kill it. It restarts on
 * the same port, so the browser keeps its origin (and its service worker and IndexedDB).
 */
/** A copy of the built site that a test may change, as a deploy would. */
export function copySite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shugen-site-'));
  fs.cpSync(path.join(root, 'target/site'), dir, { recursive: true });
  return dir;
}

export class OwnServer {
  private proc?: ChildProcess;
  private port = 0;
  private env: NodeJS.ProcessEnv;
  readonly bin: string;

  /** `siteRoot`: the built site to serve (default: the build's own `target/site`). */
  constructor(siteRoot = path.join(root, 'target/site')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shugen-e2e-'));
    this.bin = process.env.SHUGEN_BIN ?? path.join(root, 'target/debug/shugen');
    this.env = {
      ...process.env,
      DATABASE_URL: `sqlite:${dir}/shugen.db`,
      LEPTOS_SITE_ROOT: siteRoot,
      SHUGEN_DATA_KEY: randomBytes(32).toString('base64'),
      RUST_LOG: 'warn',
    };
    execFileSync(this.bin, ['demo'], { env: this.env, stdio: 'ignore' });
  }

  /**
   * Starts (or restarts) the server and resolves with its base URL once it listens. With
   * `publicOrigin` the first start takes a free port ahead and serves that address as
   * SHUGEN_PUBLIC_ORIGIN, which printing cards needs.
   */
  async start(publicOrigin = false): Promise<string> {
    if (publicOrigin && this.port === 0) {
      this.port = await freePort();
      this.env.SHUGEN_PUBLIC_ORIGIN = `http://127.0.0.1:${this.port}`;
    }
    return this.listen();
  }

  private listen(): Promise<string> {
    const proc = spawn(this.bin, ['serve'], {
      env: { ...this.env, LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.proc = proc;
    return new Promise((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) {
          this.port = Number(new URL(m[1]).port);
          resolve(m[1]);
        }
      });
      proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  }

  /** SIGKILL: no graceful shutdown, as when a machine loses power. */
  kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

/** A port nobody listens on now (the kernel's pick, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}
