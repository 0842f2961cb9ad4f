//! The one way corridor writes output files, so that a reader never sees half a file and an
//! interrupted or failed run leaves neither a half-written target nor a temporary file.
//!
//! - A regular file (or a name not yet taken) is written to a temporary file in the same
//!   folder, flushed to disk and renamed over the target. A symbolic link is followed: the
//!   file it leads to is replaced that way, and the link stays.
//! - Anything else (a FIFO, a device such as `/dev/null`, a descriptor the caller opened such
//!   as `/dev/stdout`) is written through: opened for appending and streamed to, never replaced.
//! - Several files that belong together ([`Batch`]: `flows.csv` with `locations.csv`, an
//!   output with its `--places`) are all written to temporaries first and renamed as a set:
//!   when one cannot be written, none is replaced.
//! - Temporaries are named `.NAME.corridor-tmp-PID` and recorded while they exist: an error
//!   removes them, and so does [`remove_temporaries_then`], which the command line calls on
//!   SIGINT and SIGTERM (handlers it installs before the first temporary is made). A process killed outright (`kill -9`, power loss) runs nothing; the
//!   temporaries it left beside a target are removed by the next write of that target once
//!   their process is gone (Linux, where `/proc` tells) and they are a minute old.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

use crate::error::{Diagnostic, Kind};

/// What temporary names carry between the target's name and the process id.
const TEMP_MARK: &str = "corridor-tmp";
/// How long a dead process's temporary is left alone, in case the process that wrote it runs
/// on another machine sharing the folder (its id then means nothing here).
const STALE_AGE: Duration = Duration::from_secs(60);
/// Symbolic links followed before giving up, as the kernel does (ELOOP).
const MAX_LINKS: usize = 40;

/// The temporary file beside `path` that is renamed over it when complete. Fails, naming
/// the file, when `path` has no file name or its folder does not exist.
///
/// ```
/// use std::path::Path;
/// use corridor::writers::atomic::temp_path;
///
/// let tmp = temp_path(Path::new("legs.geojson")).unwrap();
/// let name = tmp.file_name().unwrap().to_str().unwrap();
/// assert_eq!(name, format!(".legs.geojson.corridor-tmp-{}", std::process::id()));
/// assert!(temp_path(Path::new("/")).is_err());
/// ```
pub fn temp_path(path: &Path) -> Result<PathBuf, Diagnostic> {
    let name = path.display().to_string();
    let file_name = path.file_name().ok_or_else(|| {
        Diagnostic::file(
            &name,
            "not a file name; give a path such as out/corridors.geojson",
        )
        .with_kind(Kind::Write)
    })?;
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(Diagnostic::file(
            &name,
            format!(
                "the folder {} does not exist; create it first",
                dir.display()
            ),
        )
        .with_kind(Kind::Write));
    }
    Ok(dir.join(format!(
        ".{}.{TEMP_MARK}-{}",
        file_name.to_string_lossy(),
        std::process::id()
    )))
}

/// The folder `path` names a file in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically. On error the target is left untouched.
///
/// ```
/// use corridor::writers::atomic::write_atomic;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("legs.geojson");
/// write_atomic(&path, b"{}").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"{}");
/// // A missing folder is an error naming the file, not created.
/// let err = write_atomic(&dir.path().join("no/legs.geojson"), b"{}").unwrap_err();
/// assert!(err.to_string().contains("does not exist"));
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut batch = Batch::new();
    batch.add(path, bytes)?;
    batch.commit()
}

/// Where a target's bytes go.
enum Target {
    /// A regular file, a name not yet taken, or a folder (whose rename fails, as it should):
    /// written beside it and renamed over it.
    Replace(PathBuf),
    /// A FIFO, a device, a socket, or a file descriptor under `/proc` (`/dev/stdout`):
    /// opened and written to as it is.
    Through(PathBuf),
}

/// Where writing `path` leads, following symbolic links as the kernel would.
fn resolve(path: &Path) -> io::Result<Target> {
    // `metadata` follows every link, even the kernel's own (/proc/self/fd/1 to a pipe).
    if let Ok(m) = fs::metadata(path)
        && !m.is_file()
        && !m.is_dir()
    {
        return Ok(Target::Through(path.to_path_buf()));
    }
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        at = in_real_folder(at);
        // A descriptor the caller opened (`-o /dev/stdout >> log`): replacing the file it
        // leads to would drop what is in it and what the caller writes after.
        if at.starts_with("/proc") {
            return Ok(Target::Through(at));
        }
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&at)?;
                at = folder_of(&at).join(link);
            }
            _ => return Ok(Target::Replace(at)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// `path` with its folder spelt as the real one (`/dev/fd/1` is `/proc/PID/fd/1`), when the
/// folder exists; as given otherwise.
fn in_real_folder(path: PathBuf) -> PathBuf {
    let (Some(name), Some(dir)) = (path.file_name(), path.parent()) else {
        return path;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    match dir.canonicalize() {
        Ok(real) => real.join(name),
        Err(_) => path,
    }
}

/// A write through a FIFO or device, done at commit.
struct Stream {
    target: PathBuf,
    name: String,
    bytes: Vec<u8>,
}

/// A complete temporary file waiting to be renamed over its target.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    name: String,
}

/// Files written together: each is written in full to a temporary file as it is added, and
/// [`Batch::commit`] renames them all into place. Dropping a batch without committing (an
/// error on the way) removes its temporaries and leaves every target as it was.
///
/// ```
/// use corridor::writers::atomic::Batch;
///
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("flows.csv"), "old").unwrap();
/// let mut batch = Batch::new();
/// batch.add(&dir.path().join("locations.csv"), b"new").unwrap();
/// // The second file fails: the first is not written either.
/// assert!(batch.add(&dir.path().join("no/flows.csv"), b"new").is_err());
/// drop(batch);
/// assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
/// ```
#[derive(Default)]
pub struct Batch {
    staged: Vec<Staged>,
    streams: Vec<Stream>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Adds `bytes` to be written to `path`.
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.add_written(path, |out| out.write_all(bytes))
    }

    /// Adds the bytes `produce` writes to be written to `path`: to a regular file they go
    /// straight to its temporary (buffered), so a large output is never held in memory;
    /// through a FIFO or device they are kept until [`Batch::commit`], as [`Batch::add`]'s.
    ///
    /// ```
    /// use std::io::Write;
    /// use corridor::writers::atomic::Batch;
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("legs.geojsonl");
    /// let mut batch = Batch::new();
    /// batch.add_written(&path, |out| (0..3).try_for_each(|i| writeln!(out, "{i}"))).unwrap();
    /// assert!(!path.exists());
    /// batch.commit().unwrap();
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), "0\n1\n2\n");
    /// ```
    pub fn add_written(
        &mut self,
        path: &Path,
        produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let name = path.display().to_string();
        match resolve(path).map_err(|e| cannot_write(&name, e))? {
            Target::Through(target) => {
                let mut bytes = Vec::new();
                produce(&mut bytes).map_err(|e| cannot_write(&name, e))?;
                self.streams.push(Stream {
                    target,
                    name,
                    bytes,
                });
                Ok(())
            }
            Target::Replace(target) => self.stage(target, name, |tmp| {
                let write = || {
                    let f = OpenOptions::new().write(true).open(tmp)?;
                    let mut out = io::BufWriter::with_capacity(1 << 16, f);
                    produce(&mut out)?;
                    out.into_inner()
                        .map_err(io::IntoInnerError::into_error)?
                        .sync_all()
                };
                write().map_err(|e| format!("cannot write: {e}"))
            }),
        }
    }

    /// Adds the file `produce` writes (given a temporary file's name) to be written to
    /// `path`; its error message is reported with the file's name.
    pub fn add_with(
        &mut self,
        path: &Path,
        produce: impl FnOnce(&Path) -> Result<(), String>,
    ) -> Result<(), Diagnostic> {
        let name = path.display().to_string();
        match resolve(path).map_err(|e| cannot_write(&name, e))? {
            Target::Replace(target) => self.stage(target, name, produce),
            Target::Through(target) => {
                // Produced as a file in the temporary folder, then streamed.
                let file_name = target.file_name().unwrap_or("output".as_ref());
                let mut aside = Batch::new();
                let scratch = std::env::temp_dir().join(file_name);
                aside.stage(scratch, name.clone(), produce)?;
                let tmp = &aside.staged[0].tmp;
                let bytes = fs::read(tmp).map_err(|e| cannot_write(&name, e))?;
                self.streams.push(Stream {
                    target,
                    name,
                    bytes,
                });
                Ok(())
            }
        }
    }

    /// Creates the temporary file for `target` and has `fill` write it; recorded in the
    /// batch before it is filled, so that an error removes it.
    fn stage(
        &mut self,
        target: PathBuf,
        name: String,
        fill: impl FnOnce(&Path) -> Result<(), String>,
    ) -> Result<(), Diagnostic> {
        let tmp = temp_path(&target).map_err(|d| Diagnostic {
            file: name.clone(),
            ..d
        })?;
        remove_stale(&target);
        release_cached(&target);
        create_temporary(&tmp).map_err(|e| cannot_write(&name, e))?;
        self.staged.push(Staged {
            tmp: tmp.clone(),
            target,
            name: name.clone(),
        });
        fill(&tmp).map_err(|message| Diagnostic::file(&name, message).with_kind(Kind::Write))
    }

    /// Streams the writes through devices and FIFOs, then renames every temporary over its
    /// target. When a rename fails, the targets already renamed get their old contents back
    /// (where a hard link could keep them), so the set stays whole.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        for s in &self.streams {
            write_through(&s.target, &s.bytes).map_err(|e| cannot_write(&s.name, e))?;
        }
        let staged = std::mem::take(&mut self.staged);
        // Held to the end: a signal waits for the renames, so it never splits the set.
        let mut temporaries = temporaries();
        let result = rename_all(&staged);
        for s in &staged {
            let _ = fs::remove_file(&s.tmp);
            temporaries.retain(|t| *t != s.tmp);
        }
        result.map_err(|(i, e)| cannot_write(&staged[i].name, e))
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        for s in &self.staged {
            discard(&s.tmp);
        }
    }
}

/// Asks the kernel to drop the cached pages of the file about to be replaced (the new one is
/// renamed over it), so that writing the new one reuses that memory at once. In a virtual
/// machine that hands free memory back to its host (free page reporting), memory not used
/// lately costs a host fault per page: writing 625 MB over a file of that size took 0.3 s
/// with the old file's pages dropped first and 1.0-1.9 s without. Only clean pages are
/// dropped; the file itself is untouched, and nothing is lost if the write then fails.
fn release_cached(target: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(old) = File::open(target)
        && old.metadata().is_ok_and(|m| m.is_file())
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `old` is an open descriptor for the whole call; advice cannot harm the file.
        unsafe { libc::posix_fadvise(old.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = target;
}

/// A write error on `name`, as every writer reports it.
fn cannot_write(name: &str, e: io::Error) -> Diagnostic {
    Diagnostic::file(name, format!("cannot write: {e}")).with_kind(Kind::Write)
}

/// Appends `bytes` to a FIFO, device or descriptor (appending keeps `>>` redirections whole).
fn write_through(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().append(true).open(target)?;
    f.write_all(bytes)?;
    f.flush()
}

/// What a target held before a set was renamed over it.
enum Before {
    /// Nothing: undone by removing the new file.
    Absent,
    /// Its old contents, hard-linked under this name.
    Kept(PathBuf),
    /// Something that could not be kept (no hard links here): left as renamed.
    Lost,
}

/// Renames every temporary over its target, undoing the earlier ones when one fails; the
/// error comes with the index of the file that failed.
fn rename_all(staged: &[Staged]) -> Result<(), (usize, io::Error)> {
    // One file needs no undo: its rename either happens or not.
    let before: Vec<Before> = if staged.len() > 1 {
        staged.iter().map(keep_old).collect()
    } else {
        Vec::new()
    };
    let mut result = Ok(());
    for (i, s) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(&s.tmp, &s.target) {
            for (done, was) in staged[..i].iter().zip(&before) {
                undo(done, was);
            }
            result = Err((i, e));
            break;
        }
    }
    for was in &before {
        if let Before::Kept(old) = was {
            let _ = fs::remove_file(old);
        }
    }
    result
}

/// Hard-links a target's current contents beside its temporary, to undo a set's rename.
fn keep_old(s: &Staged) -> Before {
    if fs::symlink_metadata(&s.target).is_err() {
        return Before::Absent;
    }
    let mut old = s.tmp.clone().into_os_string();
    old.push("-old");
    let old = PathBuf::from(old);
    let _ = fs::remove_file(&old);
    match fs::hard_link(&s.target, &old) {
        Ok(()) => Before::Kept(old),
        Err(_) => Before::Lost,
    }
}

/// Puts back what a target held before the set's rename.
fn undo(s: &Staged, was: &Before) {
    let _ = match was {
        Before::Absent => fs::remove_file(&s.target),
        Before::Kept(old) => fs::rename(old, &s.target),
        Before::Lost => Ok(()),
    };
}

/// The temporaries that exist now; kept locked while a set is renamed or a signal removes
/// them.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// What the program runs before its first temporary is made: the command line installs its
/// signal handlers there ([`before_first_temporary`]), so a run that writes no file (to
/// standard output) spends no thread on them, and a signal before then finds nothing to
/// remove and has its default effect.
static BEFORE_FIRST: OnceLock<fn()> = OnceLock::new();

/// Sets what runs once, before the first temporary file is created (see [`BEFORE_FIRST`]);
/// a second call is ignored.
pub fn before_first_temporary(hook: fn()) {
    let _ = BEFORE_FIRST.set(hook);
}

fn temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Creates `tmp` empty and records it, both under the lock: a signal never finds it
/// recorded but not yet created, or created but not recorded.
fn create_temporary(tmp: &Path) -> io::Result<()> {
    static HOOKED: Once = Once::new();
    HOOKED.call_once(|| {
        if let Some(hook) = BEFORE_FIRST.get() {
            hook();
        }
    });
    let mut temporaries = temporaries();
    File::create(tmp)?;
    temporaries.push(tmp.to_path_buf());
    Ok(())
}

/// Removes a temporary and forgets it.
fn discard(tmp: &Path) {
    let mut temporaries = temporaries();
    let _ = fs::remove_file(tmp);
    temporaries.retain(|t| t != tmp);
}

/// Removes every temporary file of the writes under way, then runs `finish` (which exits)
/// while no write can start or complete: for a signal handler.
pub fn remove_temporaries_then<T>(finish: impl FnOnce() -> T) -> T {
    let temporaries = temporaries();
    for t in temporaries.iter() {
        let _ = fs::remove_file(t);
    }
    let done = finish();
    drop(temporaries);
    done
}

/// Removes the temporaries of `target` that a killed corridor left beside it: those of a
/// process that no longer runs, untouched for a minute.
fn remove_stale(target: &Path) {
    let Some(file_name) = target.file_name() else {
        return;
    };
    let prefix = format!(".{}.{TEMP_MARK}-", file_name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = pid.strip_suffix("-old").unwrap_or(pid);
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t + STALE_AGE < SystemTime::now());
        if pid != std::process::id() && old && !runs(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` runs on this machine; where that cannot be told, it is taken to
/// run, and its temporaries stay.
fn runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.geojson");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_reported_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("nope/out.geojson"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"), "{err}");
    }

    #[test]
    fn a_failed_rename_in_a_set_puts_back_the_files_renamed_before() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::create_dir(&b).unwrap(); // a folder: renaming a file over it fails
        let mut batch = Batch::new();
        batch.add(&a, b"new a").unwrap();
        batch.add(&b, b"new b").unwrap();
        let err = batch.commit().unwrap_err();
        assert_eq!(err.file, b.display().to_string());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn temporaries_of_live_or_recent_processes_stay() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.csv");
        let ours = dir
            .path()
            .join(format!(".x.csv.{TEMP_MARK}-{}", std::process::id()));
        let recent = dir.path().join(format!(".x.csv.{TEMP_MARK}-{}", u32::MAX));
        std::fs::write(&ours, "").unwrap();
        std::fs::write(&recent, "").unwrap();
        remove_stale(&target);
        assert!(ours.exists() && recent.exists());
    }
}
