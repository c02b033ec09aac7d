package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValuesHashTest {

    @Test
    void dependsOnValuesNotOnOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("Email", "a@b.c");
        a.put("LastName", "X");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("LastName", "X");
        b.put("Email", "a@b.c");
        assertThat(ValuesHash.of(a)).isEqualTo(ValuesHash.of(b)).hasSize(32);
    }

    @Test
    void tellsNullEmptyAndShiftedValuesApart() {
        Map<String, Object> nullPhone = new HashMap<>();
        nullPhone.put("Phone", null);
        assertThat(ValuesHash.of(nullPhone)).isNotEqualTo(ValuesHash.of(Map.of("Phone", "")));
        assertThat(ValuesHash.of(Map.of("A", "bc", "B", ""))).isNotEqualTo(ValuesHash.of(Map.of("A", "b", "B", "c")));
        assertThat(ValuesHash.of(Map.of("A", "1"))).isNotEqualTo(ValuesHash.of(Map.of("A", "2")));
    }
}
