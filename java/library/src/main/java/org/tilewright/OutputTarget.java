package org.tilewright;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.tilewright.jni.NativeLibrary;
import org.tilewright.jni.NativeOutputTarget;

/**
 * One output and every temporary file it makes, decided once at the entry: the final path,
 * its {@link OutputKind}, the temporary file beside it, and a Deep Zoom output's companions
 * (tile folder and viewer page). This is the one owner of those files: it creates the
 * temporary file (and tile folder) up front, so that folder problems surface with the
 * operating system's reason before any work; {@link #commit()} moves them into place;
 * {@link #discard()} removes them.
 *
 * <p>Every temporary artefact's name starts with {@code <name>.tw-partial-<pid>-<hex>} — the
 * engine's scratch files (pyramid levels) too — so a discard removes everything a failed job
 * made, and a killed process leaves only recognisable names.
 *
 * <p>A resumable job ({@link WriteOptions#withResume}) uses the fixed stem
 * {@code <name>.tw-partial-resume}, so that running it again finds its partial file, pyramid
 * levels and journal; they stay when it fails or is stopped, and go when it is committed.
 */
final class OutputTarget {
    static final String PARTIAL_MARKER = ".tw-partial-";

    private final Path target;
    private final OutputKind kind;
    private final Path temporary;
    /** {@code <name>.tw-partial-<pid>-<hex>}: the prefix of every temporary artefact. */
    private final String partialStem;
    private final DeepZoomViewer viewer;
    private final boolean replaceExisting;
    /** Whether an unfinished job's files stay for a later run to continue. */
    private final boolean resumable;
    /** Guarded by this: WRITING until commit() or discard() ends it. */
    private State state = State.WRITING;

    private enum State { WRITING, COMMITTING, COMMITTED, DISCARDED }

    /** Outputs of this process not yet committed or discarded, for a signal to remove. */
    private static final Set<OutputTarget> LIVE = ConcurrentHashMap.newKeySet();
    /** Outputs of this process left unfinished with their files kept for a resumed run. */
    static final Set<Path> KEPT = ConcurrentHashMap.newKeySet();
    /** Outputs a signal discarded, swept again by each later {@link #discardUnfinished()}. */
    private static final Set<OutputTarget> STOPPED = ConcurrentHashMap.newKeySet();
    /** Whether an output of this process was moved (or is being moved) into place. */
    private static final AtomicBoolean ANY_COMMITTED = new AtomicBoolean();

    private OutputTarget(Path target, OutputKind kind, Path temporary, String partialStem, DeepZoomViewer viewer,
            boolean replaceExisting, boolean resumable) {
        this.target = target;
        this.kind = kind;
        this.temporary = temporary;
        this.partialStem = partialStem;
        this.viewer = viewer;
        this.replaceExisting = replaceExisting;
        this.resumable = resumable;
    }

    /**
     * Creates the temporary file (and a Deep Zoom output's temporary tile folder) beside
     * {@code target}, for an image of {@code spec} written with {@code options}; throws naming
     * the problem.
     */
    static OutputTarget create(Path target, ImageSpec spec, WriteOptions options) {
        NativeLoading.require();  // no file is made for a job that cannot run
        Path absolute = target.toAbsolutePath();
        OutputKind kind = OutputKind.of(absolute);
        // An OME-Zarr output is a folder: an existing one is an existing output, not a mistake.
        if (Files.isDirectory(absolute) && kind != OutputKind.OME_ZARR) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, target + ": is a directory, not a file");
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    target + ": the folder " + folder + " does not exist");
        }
        options.requireFits(target, kind);
        if (!options.replaceExisting()) {
            for (Path taken : finalNames(absolute, kind)) {
                if (Files.exists(taken, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw exists(target.resolveSibling(taken.getFileName()));  // named as the caller named it
                }
            }
        }
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        removeStalePartials(folder, name);
        if (options.resumeKey() != null) {
            return createResumable(target, absolute, kind, name + PARTIAL_MARKER + "resume", extension, options);
        }
        for (int attempt = 0; ; attempt++) {
            String stem = name + PARTIAL_MARKER + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            Path temporary = folder.resolve(stem + extension);
            try {
                if (kind == OutputKind.OME_ZARR) {
                    Files.createDirectory(temporary);  // the engine writes the group into it
                } else {
                    Files.createFile(temporary);
                }
                DeepZoomViewer viewer = null;
                if (kind == OutputKind.DEEP_ZOOM) {
                    Files.createDirectory(folder.resolve(stem + "_files"));
                    viewer = new DeepZoomViewer(DeepZoom.tileFolder(absolute).getFileName().toString(),
                            options.deepZoomOrDefaults(), spec);
                }
                OutputTarget created = new OutputTarget(absolute, kind, temporary, stem, viewer, options.replaceExisting(),
                        false);
                LIVE.add(created);
                return created;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                            target + ": cannot create a temporary file", e);
                }
            } catch (IOException e) {
                new OutputTarget(absolute, kind, temporary, stem, null, true, false).discard();
                throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                        target + ": cannot write into " + folder + ": " + describe(e), e);
            }
        }
    }

    /** A resumable job's target: its partial file is kept from an earlier run or made now. */
    private static OutputTarget createResumable(Path asGiven, Path absolute, OutputKind kind, String stem, String extension,
            WriteOptions options) {
        Path temporary = absolute.resolveSibling(stem + extension);
        try {
            if (!Files.exists(temporary, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(temporary);
            } else if (!Files.isRegularFile(temporary, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                        asGiven + ": " + temporary + " is in the way of its partial file (not a regular file)");
            }
        } catch (IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    asGiven + ": cannot write into " + absolute.getParent() + ": " + describe(e), e);
        }
        OutputTarget created = new OutputTarget(absolute, kind, temporary, stem, null, options.replaceExisting(), true);
        LIVE.add(created);
        return created;
    }

    /** Whether an unfinished job's files stay for a later run to continue. */
    boolean resumable() {
        return resumable;
    }

    /** A resumable job's journal. */
    private Path journal() {
        return temporary.resolveSibling(partialStem + ".journal");
    }

    /** The final path. */
    Path target() {
        return target;
    }

    OutputKind kind() {
        return kind;
    }

    /** The file being written until {@link #commit()}. */
    Path temporary() {
        return temporary;
    }

    /** A Deep Zoom output's tile folder while it is written. */
    private Path temporaryTileFolder() {
        return temporary.resolveSibling(partialStem + "_files");
    }

    /** A Deep Zoom output's viewer page while it is written. */
    private Path temporaryViewerPage() {
        return temporary.resolveSibling(partialStem + ".html");
    }

    /** The native peer naming these paths; the caller closes it. */
    NativeOutputTarget toNative() {
        NativeOutputTarget n = new NativeOutputTarget(target.toString(), temporary.toString(), kind.code());
        if (kind == OutputKind.DEEP_ZOOM) {
            n.setTileFolder(temporaryTileFolder().toString());
        }
        if (resumable) {
            n.setJournal(journal().toString());
        }
        return n;
    }

    /**
     * Moves the finished output into place — for Deep Zoom its tile folder, viewer page and
     * descriptor, all or none — replacing what was there only if the options allow; then
     * removes any scratch file left. On failure nothing of the old output is lost and nothing
     * of the new one is left under a final name.
     */
    synchronized void commit() {
        if (state != State.WRITING) {
            throw new TilewrightException(TilewrightException.Kind.INTERRUPTED,
                    target + ": stopped by a signal; nothing was saved");
        }
        state = State.COMMITTING;
        ANY_COMMITTED.set(true);
        List<Path[]> moved = new ArrayList<>();  // {from, to, displaced old or null}, to undo
        try {
            if (kind == OutputKind.DEEP_ZOOM) {
                viewer.write(temporaryViewerPage());
                place(temporaryTileFolder(), DeepZoom.tileFolder(target), moved);
                place(temporaryViewerPage(), DeepZoom.viewerPage(target), moved);
            }
            if (kind == OutputKind.OME_ZARR) {
                // A folder cannot replace a folder in one rename: the old one is moved aside first.
                place(temporary, target, moved);
            } else if (replaceExisting) {
                // The last step replaces in one rename: readers see the old file or the new one.
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                place(temporary, target, moved);
            }
            state = State.COMMITTED;
            LIVE.remove(this);
        } catch (IOException | TilewrightException e) {
            undo(moved);
            state = State.WRITING;
            discard();
            if (e instanceof TilewrightException) {
                throw (TilewrightException) e;
            }
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    target + ": cannot move the finished output into place: " + describe((IOException) e), e);
        }
        for (Path[] m : moved) {
            if (m[2] != null) {
                try {
                    deleteTree(m[2]);
                } catch (IOException ignored) {
                    // left as <name>.tw-replaced-…: named for what it is, and harmless
                }
            }
        }
        removePartials();
    }

    /**
     * Moves {@code from} to {@code to}. Replacing, an existing {@code to} is first moved
     * aside under the partial stem (so that a later failed step can put it back); otherwise
     * the move refuses in one atomic step if {@code to} exists, whenever it appeared.
     */
    private void place(Path from, Path to, List<Path[]> moved) throws IOException {
        Path displaced = null;
        if (replaceExisting) {
            if (Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // Not under the partial stem: a stale-file sweep must never take the old output.
                displaced = to.resolveSibling(to.getFileName() + ".tw-replaced-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
                Files.move(to, displaced, StandardCopyOption.ATOMIC_MOVE);
            }
            moved.add(new Path[] {from, to, displaced});
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (!NativeLibrary.moveWithoutReplacing(from.toString(), to.toString())) {
            throw exists(to);
        }
        moved.add(new Path[] {from, to, null});
    }

    /** Puts back what {@link #place} moved, newest first; never throws. */
    private static void undo(List<Path[]> moved) {
        for (int i = moved.size() - 1; i >= 0; i--) {
            Path[] m = moved.get(i);
            try {
                if (Files.exists(m[1], java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(m[0])) {
                    Files.move(m[1], m[0], StandardCopyOption.ATOMIC_MOVE);
                }
                if (m[2] != null) {
                    Files.move(m[2], m[1], StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort: what is left carries the partial stem and is named in no final path
            }
        }
    }

    /** The names a finished output takes: the file, and a Deep Zoom output's folder and page. */
    private static List<Path> finalNames(Path target, OutputKind kind) {
        return kind == OutputKind.DEEP_ZOOM
                ? List.of(target, DeepZoom.tileFolder(target), DeepZoom.viewerPage(target)) : List.of(target);
    }

    private static TilewrightException exists(Path taken) {
        return new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                taken + ": exists; use --overwrite to replace it");
    }

    /**
     * Removes every temporary artefact unless committed — but a resumable job's stay once it
     * has a journal (made at its first checkpoint), for a later run to continue; never throws.
     */
    synchronized void discard() {
        if (state == State.WRITING) {
            state = State.DISCARDED;
            LIVE.remove(this);
            if (keptForResume()) {
                KEPT.add(target);
            } else {
                removePartials();
            }
        }
    }

    /** Whether this unfinished output's files stay: a resumable job made something durable. */
    boolean keptForResume() {
        return resumable && Files.exists(journal(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * For a signal: removes the temporary files of every output of this process still being
     * written (their commit then fails), waiting for one being moved into place to finish, and
     * again what the engine made since an earlier call.
     * Returns whether an output of this process was moved into place — then the job's own
     * ending stands; else it was stopped and nothing of it remains.
     */
    static boolean discardUnfinished() {
        for (OutputTarget t : LIVE) {
            t.discard();  // waits for a commit in progress: both hold the target's lock
            if (!t.keptForResume()) {
                STOPPED.add(t);
            }
        }
        // The engine runs on until it sees the stop and may have made a file since the last
        // call (a Deep Zoom descriptor, a pyramid level): a call after it ended removes that.
        for (OutputTarget t : STOPPED) {
            t.removePartials();
        }
        return ANY_COMMITTED.get();
    }

    /** Whether {@code path} is a temporary file of an unfinished output (never an input). */
    static boolean isPartial(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().contains(PARTIAL_MARKER);
    }

    /**
     * Removes what killed jobs left beside {@code name} ({@code name.tw-partial-<pid>-…}):
     * the files of a process that no longer runs. A live job's files are left alone.
     */
    private static void removeStalePartials(Path folder, String name) {
        String prefix = name + PARTIAL_MARKER;
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder,
                p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : siblings) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : "");
                    if (ProcessHandle.of(pid).isEmpty()) {
                        stale.add(p);
                    }
                } catch (NumberFormatException unknownShape) {
                    // not named by this version: leave it
                }
            }
        } catch (IOException | RuntimeException ignored) {
            return;
        }
        for (Path p : stale) {
            try {
                deleteTree(p);
            } catch (IOException ignored) {
                // someone else's permissions: left as it is
            }
        }
    }

    /**
     * Removes every file and folder beside the target whose name starts with the partial
     * stem. A folder is renamed first, so that the engine — still running when a signal
     * discards — can create no more files in it; a removal is tried again if files appeared.
     */
    private void removePartials() {
        List<Path> partials = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(temporary.getParent(),
                p -> p.getFileName().toString().startsWith(partialStem))) {
            siblings.forEach(partials::add);
        } catch (IOException | RuntimeException ignored) {
            // The folder is gone or unreadable: nothing more can be removed.
        }
        for (Path p : partials) {
            Path doomed = p;
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    doomed = p.resolveSibling(p.getFileName() + ".removing");
                    Files.move(p, doomed, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException e) {
                    doomed = p;
                }
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    deleteTree(doomed);
                    break;
                } catch (IOException | RuntimeException e) {
                    // files appeared while deleting: again; else its name marks it, and the next
                    // run of this output sweeps it
                }
            }
        }
    }

    /** Deletes a file, or a folder and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The operating system's reason, without Java's exception class names. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof java.nio.file.FileSystemException
                ? ((java.nio.file.FileSystemException) e).getReason() : e.getMessage();
        return reason != null ? reason : e.getClass().getSimpleName();
    }
}
