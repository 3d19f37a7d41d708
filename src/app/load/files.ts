/**
 * File input: drag-and-drop anywhere on the page (files and folders), a multi-file
 * picker and a folder picker (webkitdirectory, for an unzipped police.uk archive).
 * Picked files are NOT read here: the File objects go to the worker (structured clone
 * of a handle, no bytes copied), which streams crime CSVs from disk and reads the
 * small files whole (src/io/stream.ts). The demo still arrives as ArrayBuffers.
 */
export type PickedFile = { name: string; bytes: ArrayBuffer } | { name: string; file: File };

/**
 * Extensions worth sending: text data, gzipped text data (.csv.gz, .json.gz, .geojson.gz …: read
 * whole, the session gunzips them; stream.ts never streams gzip), and shapefiles, zipped or as
 * loose parts (README: "zipped ESRI shapefile (or the loose .shp/.dbf/.prj)").
 */
const USEFUL = /\.(csv|geojson|json|topojson|txt|zip|shp|shx|dbf|prj|cpg)(\.gz)?$|\.parquet$/i;

/**
 * Paths inside a dropped folder of the files of a cube (Parquet, manifest.json, partition
 * records): a cube's partitions are named by their folders (force=…/file_month=…), which a dropped
 * File's name does not carry. Other files keep their own names, as before.
 */
const dropPaths = new WeakMap<File, string>();
const CUBE_PATH = /\.parquet$|(^|\/)manifest\.json$|(^|\/)partitions\/[^/]+\/\d{4}-\d{2}\.json$/i;

/** The files worth sending (by extension), named by their relative path inside a picked folder. */
export async function readFiles(files: File[]): Promise<{ name: string; file: File }[]> {
  return files
    .filter((f) => USEFUL.test(f.name))
    .map((f) => ({ name: dropPaths.get(f) ?? (f.webkitRelativePath || f.name), file: f }));
}

export function isFileHandle(f: PickedFile): f is { name: string; file: File } {
  return 'file' in f;
}

export function isBytes(f: PickedFile): f is { name: string; bytes: ArrayBuffer } {
  return 'bytes' in f;
}

async function entryFiles(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    const path = entry.fullPath.replace(/^\//, '');
    if (path !== file.name && CUBE_PATH.test(path)) dropPaths.set(file, path);
    out.push(file);
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const e of batch) await entryFiles(e, out);
    }
  }
}

/** Installs page-wide drag-and-drop; `onFiles` receives every file, folders walked. */
export function installDrop(target: HTMLElement, onFiles: (files: File[]) => void): void {
  let depth = 0;
  target.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    document.body.classList.add('dragging');
  });
  target.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('dragging');
  });
  target.addEventListener('dragover', (e) => e.preventDefault());
  target.addEventListener('drop', async (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const items = e.dataTransfer?.items;
    const out: File[] = [];
    if (items && items.length && typeof items[0].webkitGetAsEntry === 'function') {
      const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((x): x is FileSystemEntry => !!x);
      for (const en of entries) await entryFiles(en, out);
    }
    // No entries (a browser without the entries API, or files put on the drop by a script): the plain file list.
    if (!out.length && e.dataTransfer) out.push(...e.dataTransfer.files);
    if (out.length) onFiles(out);
  });
}
