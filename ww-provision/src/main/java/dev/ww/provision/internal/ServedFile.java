package dev.ww.provision.internal;

import dev.ww.provision.Blob;
import dev.ww.provision.NodeFile;
import java.time.Instant;
import java.util.Optional;

/**
 * A file as served to one node: its metadata, the time it last changed for this node, its
 * entity tag, and either rendered bytes (templated or generated) or a blob sent as stored.
 */
public record ServedFile(
    NodeFile meta, Instant modified, String etag, Optional<byte[]> rendered, Optional<Blob> raw) {}
