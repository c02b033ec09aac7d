package io.crmsync.sync;

/**
 * One table's part of an erase (the privacy port each store adapter implements for what it keeps): removes, or
 * strips of the person's ids, every item that names one of the person's records.
 */
public interface PersonalData {

    /** The table's name as the erase's answer shows it ({@code audit}, {@code links} …). */
    String table();

    /** @return the items removed or rewritten */
    int erase(ErasedPerson person);
}
