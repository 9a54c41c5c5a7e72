package io.creditlake.common.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalDisk} does what Hadoop's local file system does with permissions, statuses, links
 * and FileContext renames, and starts no process for any of it (counted with JFR's
 * {@code jdk.ProcessStart}, which sees Hadoop's own local file system fork {@code chmod}). The
 * Spark session of a local master uses it.
 */
class LocalDiskTest {

  @TempDir
  Path tmp;

  @Test
  void permissionsStatusesAndRenamesAsHadoopsWithoutAProcess() throws Exception {
    Configuration conf = conf();
    FileSystem fs = new LocalDisk();
    fs.initialize(URI.create("file:///"), conf);
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("lake").toUri());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "part-0.parquet");
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(dir, "_delta_log");

    List<String> forked = processesStartedDuring(() -> {
      assertThat(fs.mkdirs(dir, new FsPermission((short) 0750))).isTrue();
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
        out.write("rows".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(mode(tmp.resolve("lake"))).isEqualTo("rwxr-x---");
      assertThat(mode(tmp.resolve("lake/part-0.parquet"))).isEqualTo("rw-r-----");
      fs.setPermission(file, new FsPermission((short) 0604));
      assertThat(mode(tmp.resolve("lake/part-0.parquet"))).isEqualTo("rw----r--");

      FileStatus status = fs.getFileStatus(file);
      assertThat(status.getLen()).isEqualTo(4);
      assertThat(status.getPermission().toShort()).isEqualTo((short) 0604);
      assertThat(status.getOwner()).isEqualTo(Files.getOwner(tmp).getName());
      RemoteIterator<LocatedFileStatus> listed = fs.listFiles(dir, true);
      List<String> names = new ArrayList<>();
      while (listed.hasNext()) {
        LocatedFileStatus s = listed.next();
        names.add(s.getPath().getName() + " " + s.getPermission());
      }
      assertThat(names).contains("part-0.parquet rw----r--");

      // a Delta commit: written beside, renamed into place, never over an existing one
      fc.mkdir(log, FsPermission.getDirDefault(), true);
      org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(log, ".00000.json.tmp");
      org.apache.hadoop.fs.Path commit = new org.apache.hadoop.fs.Path(log, "00000.json");
      try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE))) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      fc.rename(temp, commit, Options.Rename.NONE);
      assertThat(fc.getFileStatus(commit).getLen()).isEqualTo(2);
      try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE))) {
        out.write("{\"again\":1}".getBytes(StandardCharsets.UTF_8));
      }
      assertThatThrownBy(() -> fc.rename(temp, commit, Options.Rename.NONE)).isInstanceOf(FileAlreadyExistsException.class);
      fc.rename(temp, commit, Options.Rename.OVERWRITE);
      assertThat(fc.getFileStatus(commit).getLen()).isEqualTo(11);
      assertThat(fc.util().exists(temp)).isFalse();
    });
    assertThat(forked).as("processes started by the file system").isEmpty();

    // a link's status is what Hadoop's own class says (it asks readlink, which may fork), with or
    // without the scheme (Hadoop sees no link behind a qualified path)
    Path link = Files.createSymbolicLink(tmp.resolve("latest"), tmp.resolve("lake/part-0.parquet"));
    FileSystem hadoops = new LocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration());
    for (org.apache.hadoop.fs.Path p : List.of(new org.apache.hadoop.fs.Path(link.toUri()),
        new org.apache.hadoop.fs.Path(link.toString()), file)) {
      FileStatus ours = fs.getFileLinkStatus(p);
      FileStatus theirs = hadoops.getFileLinkStatus(p);
      assertThat(ours.isSymlink()).as(p.toString()).isEqualTo(theirs.isSymlink());
      assertThat(ours.getLen()).as(p.toString()).isEqualTo(theirs.getLen());
      assertThat(ours.getPermission()).as(p.toString()).isEqualTo(theirs.getPermission());
      assertThat(ours.getOwner()).as(p.toString()).isEqualTo(theirs.getOwner());
      if (theirs.isSymlink()) {
        assertThat(ours.getSymlink()).isEqualTo(theirs.getSymlink());
      }
    }
    assertThat(hadoops.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString())).isSymlink())
        .as("the comparison covers a link").isTrue();
    assertThatThrownBy(() -> fs.setPermission(new org.apache.hadoop.fs.Path(dir, "gone"), FsPermission.getFileDefault()))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  @Test
  void hadoopsOwnLocalFileSystemForksWhereLocalDiskDoesNot() throws Exception {
    // the check above can fail: the same call through Hadoop's class starts a process
    FileSystem hadoops = new LocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration());
    Path f = Files.writeString(tmp.resolve("f"), "x");
    List<String> forked = processesStartedDuring(() ->
        hadoops.setPermission(new org.apache.hadoop.fs.Path(f.toUri()), new FsPermission((short) 0600)));
    assertThat(forked).anySatisfy(c -> assertThat(c).startsWith("chmod"));
    assertThat(mode(f)).isEqualTo("rw-------");
  }

  @Test
  void everyModeMapsBothWays() {
    for (short mode = 0; mode < 0777 + 1; mode++) {
      assertThat(LocalDisk.bits(LocalDisk.posix(mode))).isEqualTo(mode);
    }
    assertThat(PosixFilePermissions.toString(LocalDisk.posix((short) 0754))).isEqualTo("rwxr-xr--");
  }

  @Test
  void aLocalSessionsFileSystemIsLocalDisk() throws Exception {
    Configuration hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
    assertThat(hadoop.get("fs.file.impl")).isEqualTo(LocalDisk.class.getName());
    assertThat(FileSystem.newInstance(URI.create("file:///"), hadoop)).isInstanceOf(LocalDisk.class);
    assertThat(FileContext.getFileContext(URI.create("file:///"), hadoop).getDefaultFileSystem())
        .isInstanceOf(LocalDisk.Fs.class);
  }

  @Test
  void onlyALocalMasterGetsItAndASettingElsewhereWins() {
    assertThat(SparkSessions.localDisk("local[2]", k -> false)).containsOnly(
        java.util.Map.entry("spark.hadoop.fs.file.impl", LocalDisk.class.getName()),
        java.util.Map.entry("spark.hadoop.fs.AbstractFileSystem.file.impl", LocalDisk.Fs.class.getName()));
    assertThat(SparkSessions.localDisk("spark://master:7077", k -> false)).isEmpty();
    assertThat(SparkSessions.localDisk("yarn", k -> false)).isEmpty();
    assertThat(SparkSessions.localDisk("local[*]", k -> k.equals("spark.hadoop.fs.file.impl")))
        .containsOnlyKeys("spark.hadoop.fs.AbstractFileSystem.file.impl");
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    LocalDisk.CONF.forEach(conf::set);
    return conf;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  interface Body {
    void run() throws Exception;
  }

  /** The command lines of the processes this JVM started while {@code body} ran. */
  private List<String> processesStartedDuring(Body body) throws Exception {
    Path jfr = tmp.resolve("processes-" + System.nanoTime() + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ProcessStart").withStackTrace();
      r.start();
      body.run();
      r.stop();
      r.dump(jfr);
    }
    List<String> out = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("jdk.ProcessStart")) {
        out.add(e.getString("command"));
      }
    }
    return out;
  }
}
