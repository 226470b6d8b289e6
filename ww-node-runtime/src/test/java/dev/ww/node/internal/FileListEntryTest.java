package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileListEntryTest {

  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void parseList_everyType_decodesNamesAndModes() {
    List<FileListEntry> l =
        FileListEntry.parseList(
            "f1 motd 0 0 -0644 1767225600 " + SHA + " /etc/motd\n"
                + "d1 data 12 34 d2750 1767225601 " + SHA + " /srv/data\n"
                + "l1 my%20link 0 0 l0777 1767225602 " + SHA + " /etc/my%20link\n");
    assertThat(l).hasSize(3);
    assertThat(l.get(0)).isEqualTo(new FileListEntry("f1", "motd", 0, 0, '-', 0644, 1767225600, SHA, "/etc/motd"));
    assertThat(l.get(1).mode()).isEqualTo(02750);
    assertThat(l.get(1).uid()).isEqualTo(12);
    assertThat(l.get(2).path()).isEqualTo("/etc/my link");
    assertThat(l.get(2).relativePath()).isEqualTo("etc/my link");
  }

  @Test
  void parseList_devicesAndFifos() {
    List<FileListEntry> l =
        FileListEntry.parseList(
            "c1 null 0 0 c0666 1 " + SHA + " /dev/null\n"
                + "b1 sda 0 6 b0660 2 " + SHA + " /dev/sda\n"
                + "p1 ctl 0 0 p0600 3 " + SHA + " /run/ctl\n");
    assertThat(l).extracting(FileListEntry::type).containsExactly('c', 'b', 'p');
    assertThat(l).extracting(FileListEntry::device).containsExactly(true, true, false);
  }

  @Test
  void deviceNumbers_parsesMajorMinor_refusesAnythingElse() {
    FileListEntry e = FileListEntry.parseList("c1 null 0 0 c0666 1 " + SHA + " /dev/null\n").get(0);
    assertThat(FilePlacer.deviceNumbers(e, "1:3\n")).containsExactly(1, 3);
    assertThat(FilePlacer.deviceNumbers(e, "4095:1048575")).containsExactly(4095, 1048575);
    for (String bad : List.of("", "1:", ":3", "1 3", "4096:0", "1:1048576", "-1:3", "1:3\n\n", "a:b")) {
      assertThatThrownBy(() -> FilePlacer.deviceNumbers(e, bad)).as(bad)
          .hasMessageContaining("instead of MAJOR:MINOR").hasMessageContaining("/dev/null");
    }
  }

  @Test
  void parse_dotDotOrRelativePath_isRefused() {
    assertThatThrownBy(() -> FileListEntry.parseList("f m 0 0 -0644 1 " + SHA + " /etc/../../x\n"))
        .hasMessageContaining("line 1").hasMessageContaining("..");
    assertThatThrownBy(() -> FileListEntry.parseList("f m 0 0 -0644 1 " + SHA + " etc/x\n"))
        .hasMessageContaining("absolute");
  }

  @Test
  void parse_unknownTypeOrBadFields_isRefused() {
    assertThatThrownBy(() -> FileListEntry.parseList("f m 0 0 s0644 1 " + SHA + " /x\n")).hasMessageContaining("type");
    assertThatThrownBy(() -> FileListEntry.parseList("f m 0 0 -0644 1 nothex /x\n")).hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> FileListEntry.parseList("f m 0 0 -0644 1 /x\n")).hasMessageContaining("8 fields");
  }
}
