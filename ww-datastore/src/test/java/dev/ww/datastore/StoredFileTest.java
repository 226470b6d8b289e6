package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoredFileTest {

  @ParameterizedTest
  @CsvSource({
    "run.sh, 'echo hi', shell",
    "run, '#!/bin/sh\necho', shell",
    "run, '#!/bin/bash -e\necho', bash",
    "run, '#!/usr/bin/env python3\nprint()', python",
    "run, '#!/usr/bin/perl -w\n', perl",
    "run.pl, 'print', perl",
    "hosts, '127.0.0.1 localhost', data",
  })
  void detectFormat_fromShebangOrExtension(String name, String content, String format) {
    assertThat(StoredFile.detectFormat(name, content.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(format);
  }
}
