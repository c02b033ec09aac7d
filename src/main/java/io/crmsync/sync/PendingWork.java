package io.crmsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crmsync.notice.ChangeNotice;

/**
 * The records one SQS batch asks the worker to sync, each once however many notices named it, and for each
 * record the messages that named it (so a failure hands back exactly those messages).
 */
public final class PendingWork {

    /**
     * The records of one tenant, source and object type: the unit the worker reads and writes in batches.
     * Deletions form groups of their own ({@code deletions}): they take another path than changes do.
     */
    public record Group(String tenantId, ChangeNotice.SourceSystem source, String objectType, boolean deletions) {
    }

    private final Map<Group, Map<String, Set<String>>> messagesByRecord = new LinkedHashMap<>();
    private final Map<String, ChangeNotice> notices = new LinkedHashMap<>();

    public void add(String messageId, ChangeNotice notice) {
        notices.put(messageId, notice);
        Map<String, Set<String>> records = messagesByRecord.computeIfAbsent(groupOf(notice),
                g -> new LinkedHashMap<>());
        for (String recordId : notice.recordIds()) {
            records.computeIfAbsent(recordId, r -> new LinkedHashSet<>()).add(messageId);
        }
    }

    private static Group groupOf(ChangeNotice notice) {
        return new Group(notice.tenantId(), notice.source(), notice.objectType(),
                notice.kind() == ChangeNotice.ChangeKind.DELETED);
    }

    /** Each message that is a notice, in the batch's order. */
    public Map<String, ChangeNotice> notices() {
        return java.util.Collections.unmodifiableMap(notices);
    }

    /** The group a message's records belong to (a notice names records of one group). */
    public Group groupOf(String messageId) {
        return groupOf(notices.get(messageId));
    }

    public Set<Group> groups() {
        return messagesByRecord.keySet();
    }

    /**
     * The groups, those with a privacy deletion first: the erase's markers must exist before the batch's other
     * notices naming the person are synced, or one of them (a change of the Salesforce twin) could bring the person
     * back within the same batch.
     */
    public List<Group> groupsErasingFirst() {
        List<Group> ordered = new ArrayList<>(groups().stream().filter(g -> !privacyDeletions(g).isEmpty()).toList());
        groups().stream().filter(g -> !ordered.contains(g)).forEach(ordered::add);
        return ordered;
    }

    /** The group's records whose deletion HubSpot's GDPR delete asked for ({@link ChangeNotice#privacyDeletion}). */
    public Set<String> privacyDeletions(Group group) {
        Set<String> ids = new LinkedHashSet<>();
        messagesByRecord.getOrDefault(group, Map.of()).forEach((recordId, messages) -> {
            if (messages.stream().map(notices::get).anyMatch(ChangeNotice::privacyDeletion)) {
                ids.add(recordId);
            }
        });
        return ids;
    }

    public Collection<String> recordIds(Group group) {
        return List.copyOf(messagesByRecord.getOrDefault(group, Map.of()).keySet());
    }

    public Set<String> messagesFor(Group group, String recordId) {
        return messagesByRecord.getOrDefault(group, Map.of()).getOrDefault(recordId, Set.of());
    }

    public List<String> allMessagesOf(Group group) {
        List<String> ids = new ArrayList<>();
        messagesByRecord.getOrDefault(group, Map.of()).values().forEach(ids::addAll);
        return ids;
    }
}
