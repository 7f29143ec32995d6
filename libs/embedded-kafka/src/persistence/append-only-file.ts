import { closeSync, fdatasync, fdatasyncSync, writeSync } from 'node:fs';

/**
 * The write side shared by segments and the offset journal. `append` is synchronous: once
 * it returns the bytes are in the OS page cache, so a killed process (kill -9) loses
 * nothing it acknowledged; `sync` flushes to disk on the caller's interval without
 * blocking the event loop (see README: durability).
 */
export class AppendOnlyFile {
  private dirty = false;

  constructor(private fd: number) {}

  append(bytes: Buffer): void {
    if (this.fd < 0) return;
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.dirty = true;
  }

  /** Flushes if anything was written since the last flush. */
  sync(): Promise<void> {
    if (!this.dirty || this.fd < 0) return Promise.resolve();
    this.dirty = false;
    const fd = this.fd;
    return new Promise((resolve) => fdatasync(fd, () => resolve()));
  }

  close(): void {
    if (this.fd < 0) return;
    if (this.dirty) fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}
