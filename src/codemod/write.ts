import { randomBytes } from 'node:crypto';
import { chmod, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Replaces a file's text atomically: written to a temporary file in the same folder, then renamed over
 * it, so a reader sees the old file or the new one, never half of one. The byte order mark and the file
 * mode are kept (line endings are the edits' business: they are written in the file's own style). A
 * symbolic link stays a link: its target is replaced.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = await realpath(path);
  const [info, original] = await Promise.all([stat(target), readFile(target)]);
  const bom = original.subarray(0, 3).equals(BOM) && !text.startsWith('\uFEFF');
  const data = bom ? Buffer.concat([BOM, Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.unblock-tmp`);
  const mode = info.mode & 0o7777;
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await chmod(temp, mode); // the umask may have cleared bits of `mode`
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
