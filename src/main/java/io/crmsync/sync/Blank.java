package io.crmsync.sync;

/** A CRM value that says nothing: absent, blank, or the text "null" some APIs send for an empty field. */
final class Blank {

    private Blank() {
    }

    static boolean blank(Object value) {
        return value == null || value.toString().isBlank() || "null".equals(value.toString());
    }
}
