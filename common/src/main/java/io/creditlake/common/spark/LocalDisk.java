package io.creditlake.common.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per file. Without Hadoop's native
 * library, which Spark's jars do not ship, {@link RawLocalFileSystem} runs {@code chmod} for every
 * file and folder it creates, {@code readlink} for every rename through a FileContext (each Delta
 * commit) and {@code ls -ld} for every file status whose permission is read. The README's run
 * forked 4,900 of them, about 8 ms of wall time and 14 ms of CPU each on this machine. Here the
 * same three things are done with {@code java.nio}; everything else is Hadoop's own code.
 *
 * <p>{@link SparkSessions} installs it for local masters only ({@link #CONF}); a cluster keeps
 * Hadoop's classes, and its lake is on S3 or HDFS anyway.
 */
public final class LocalDisk extends LocalFileSystem {

  /** The Hadoop settings that put it in place of Hadoop's local file system, for both APIs. */
  public static final java.util.Map<String, String> CONF = java.util.Map.of(
      "fs.file.impl", LocalDisk.class.getName(),
      "fs.AbstractFileSystem.file.impl", LocalDisk.Fs.class.getName());

  public LocalDisk() {
    super(new Raw());
  }

  /** {@link RawLocalFileSystem} with permissions and links read and set in process. */
  public static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission); // java.nio cannot set it
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }

    /** A plain file or folder's status is its link status; only a real link needs Hadoop's way. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return lazy(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] all = super.listStatus(f);
      for (int i = 0; i < all.length; i++) {
        all[i] = lazy(all[i]);
      }
      return all;
    }

    private FileStatus lazy(FileStatus s) {
      return s.isSymlink() ? s : new Status(s, pathToFile(s.getPath()).toPath());
    }
  }

  /** The same for {@code FileContext}, which Delta's log and checksum writes go through. */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as Hadoop's RawLocalFs: any local name is valid
    }
  }

  /** A status whose owner, group and permission are read with java.nio when first asked for. */
  static final class Status extends FileStatus {
    private final java.nio.file.Path file;
    private boolean loaded;

    Status(FileStatus s, java.nio.file.Path file) {
      super(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
          s.getAccessTime(), null, null, null, s.getPath());
      this.file = file;
    }

    @Override
    public FsPermission getPermission() {
      load();
      return super.getPermission();
    }

    @Override
    public String getOwner() {
      load();
      return super.getOwner();
    }

    @Override
    public String getGroup() {
      load();
      return super.getGroup();
    }

    private synchronized void load() {
      if (loaded) {
        return;
      }
      try {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
        setPermission(new FsPermission(bits(a.permissions())));
        setOwner(a.owner().getName());
        setGroup(a.group().getName());
      } catch (UnsupportedOperationException notPosix) {
        // leave Hadoop's defaults: no POSIX permissions to report
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the permissions of " + file, e);
      }
      loaded = true;
    }
  }

  // rwx for owner, group and others, highest bit first: the order of PosixFilePermission's values
  private static final PosixFilePermission[] ORDER = PosixFilePermission.values();

  static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        out.add(ORDER[i]);
      }
    }
    return out;
  }

  static short bits(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return (short) mode;
  }
}
