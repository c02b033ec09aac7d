package io.crmsync.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.MappingsYaml;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.PairNames;

/**
 * The fingerprint of a mappings plan: SHA-256 over the mappings in force (each pair's stored version and
 * content), the file, and the plan's lines (which also reflect HubSpot properties still to be created). Equal ids
 * mean the apply would do exactly what the reviewed plan showed.
 */
final class PlanId {

    /** 128 bits: no two plans a tenant will ever make collide, and short enough to copy by hand. */
    private static final int HEX_LENGTH = 32;

    private PlanId() {
    }

    static String of(Map<ObjectPair, MappingStore.StoredMapping> current, String yaml, List<String> plan) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        Map<ObjectPair, ObjectMapping> inForce = new EnumMap<>(ObjectPair.class);
        StringBuilder versions = new StringBuilder();
        new EnumMap<>(current).forEach((pair, stored) -> {
            inForce.put(pair, stored.mapping());
            versions.append(PairNames.of(pair)).append('@').append(stored.version()).append('\n');
        });
        // Each part is length-prefixed so that no two different inputs run together into the same bytes.
        for (String part : List.of(versions.toString(), MappingsYaml.render(inForce), yaml, String.join("\n", plan))) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, HEX_LENGTH);
    }
}
