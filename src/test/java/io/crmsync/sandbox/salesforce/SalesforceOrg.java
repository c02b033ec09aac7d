package io.crmsync.sandbox.salesforce;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import io.crmsync.sandbox.salesforce.OrgRules.DuplicateRule;
import io.crmsync.sandbox.salesforce.OrgRules.ValidationRule;
import io.crmsync.sandbox.salesforce.SObjectStore.UpsertResult;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * The data of one org: a store per sObject type, the rules that cross types (references, converted leads,
 * validation and duplicate rules), and transactions. Every write runs in a {@link Transaction} under one
 * org-wide lock, so a collection request or a lead conversion commits or rolls back as a whole and
 * listeners (change emission) see committed transactions in commit order.
 */
public final class SalesforceOrg {

    /** A committed transaction as change emission needs it. */
    public record CommittedTransaction(String transactionKey, long commitTimestamp, long commitNumber,
            String commitUser, String changeOrigin, List<RecordChange> changes) {
        public CommittedTransaction {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A user of the org besides the integration user: a person with a login of their own, whose writes carry
     * their id (CreatedById, LastModifiedById, CDC's commitUser). A User record when the org has Users.
     */
    public record OrgUser(String id, String username, String firstName, String lastName) {
    }

    /** What a lead conversion created or used. */
    public record ConversionResult(String leadId, String accountId, String contactId) {
    }

    private final Clock clock;
    private final String orgId;
    private final String userId;
    /** The integration user's username: the JWT bearer flow's {@code sub}, the user the web-server flow approves as. */
    static final String INTEGRATION_USERNAME = "integration@crmsync.example";
    private final Map<String, SObjectStore> stores = new LinkedHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<ValidationRule> validationRules = new CopyOnWriteArrayList<>();
    private final List<DuplicateRule> duplicateRules = new CopyOnWriteArrayList<>();
    private final List<Consumer<CommittedTransaction>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong commitNumber = new AtomicLong(1_000_000);
    private final List<OrgUser> otherUsers;

    /**
     * @param orgId  the 18-character organization id
     * @param userId the integration user every API call runs as; created as a User record when the org has Users
     */
    public SalesforceOrg(List<SObjectSchema> schemas, Clock clock, String orgId, String userId) {
        this(schemas, clock, orgId, userId, List.of());
    }

    /** @param otherUsers the org's other users (people), created as User records next to the integration user */
    public SalesforceOrg(List<SObjectSchema> schemas, Clock clock, String orgId, String userId,
            List<OrgUser> otherUsers) {
        this.clock = clock;
        this.orgId = orgId;
        this.userId = userId;
        this.otherUsers = List.copyOf(otherUsers);
        schemas.forEach(s -> stores.put(s.name().toLowerCase(Locale.ROOT),
                new SObjectStore(s, clock, this::beforeWrite)));
        createIntegrationUser();
    }

    public String orgId() {
        return orgId;
    }

    public String userId() {
        return userId;
    }

    /** The id of the user with this username: the integration user or one of the other users. */
    public Optional<String> userIdOf(String username) {
        if (INTEGRATION_USERNAME.equals(username)) {
            return Optional.of(userId);
        }
        return otherUsers.stream().filter(u -> u.username().equals(username)).map(OrgUser::id).findFirst();
    }

    public List<OrgUser> otherUsers() {
        return otherUsers;
    }

    public Clock clock() {
        return clock;
    }

    public Optional<SObjectStore> store(String sObject) {
        return Optional.ofNullable(stores.get(sObject.toLowerCase(Locale.ROOT)));
    }

    public SObjectStore requireStore(String sObject) {
        return store(sObject).orElseThrow(() -> new IllegalArgumentException("No sObject type " + sObject
                + " in this sandbox; it has " + stores.keySet()));
    }

    public List<SObjectStore> stores() {
        return List.copyOf(stores.values());
    }

    /** The store of the type whose key prefix starts {@code id}. */
    public Optional<SObjectStore> storeForId(String id) {
        if (id == null || id.length() < 3) {
            return Optional.empty();
        }
        return stores.values().stream().filter(s -> s.schema().keyPrefix().equals(id.substring(0, 3))).findFirst();
    }

    /** A live record of any type by id. */
    public Optional<Map<String, Object>> record(String id) {
        return SalesforceIds.isValid(id) ? storeForId(id).flatMap(s -> s.get(id)) : Optional.empty();
    }

    public void onCommit(Consumer<CommittedTransaction> listener) {
        listeners.add(listener);
    }

    public void addValidationRule(ValidationRule rule) {
        validationRules.add(rule);
    }

    /**
     * Adds a custom External ID text field (Unique, 255 characters) to the sObject, as an admin does in Setup for a
     * second HubSpot account's ids; {@link #clear()} removes it again.
     *
     * @param name the API name, ending in {@code __c}
     */
    public void addCustomField(String sObject, String name, String label) {
        if (!name.endsWith("__c")) {
            throw new IllegalArgumentException("a custom field's API name ends in __c: " + name);
        }
        writeLock.lock();
        try {
            requireStore(sObject).addField(FieldDef.text(name, label, FieldType.STRING, 255).externalId(true));
        } finally {
            writeLock.unlock();
        }
    }

    public void addDuplicateRule(DuplicateRule rule) {
        duplicateRules.add(rule);
    }

    /** Empties every store and rule set; the integration user is created again. */
    public void clear() {
        writeLock.lock();
        try {
            stores.values().forEach(SObjectStore::clear);
            validationRules.clear();
            duplicateRules.clear();
            createIntegrationUser();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} as one transaction: committed (and announced to listeners) when it returns, rolled
     * back when it throws.
     *
     * @param changeOrigin CDC's changeOrigin for the changes, "" for changes not made through the API
     */
    public <T> T inTransaction(String changeOrigin, Function<Transaction, T> work) {
        return inTransaction(userId, changeOrigin, work);
    }

    /**
     * Runs {@code work} as one transaction of the user {@code asUserId} (null: the integration user): its id
     * becomes CreatedById/LastModifiedById of the records written and CDC's commitUser.
     */
    public <T> T inTransaction(String asUserId, String changeOrigin, Function<Transaction, T> work) {
        String committer = asUserId == null ? userId : asUserId;
        writeLock.lock();
        try {
            Transaction tx = new Transaction(committer);
            T result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException e) {
                tx.rollbackTo(0);
                throw e;
            }
            if (!tx.changes.isEmpty()) {
                CommittedTransaction committed = new CommittedTransaction(UUID.randomUUID().toString(),
                        clock.millis(), commitNumber.incrementAndGet(), committer, changeOrigin,
                        tx.changes.stream().map(Step::change).toList());
                listeners.forEach(l -> l.accept(committed));
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private record Step(SObjectStore store, RecordChange change) {
    }

    /** The writes of one transaction, with what undoes them. */
    public final class Transaction {
        private final List<Step> changes = new ArrayList<>();
        /** Who writes: shadows the org's integration user in this transaction's writes. */
        private final String userId;

        private Transaction(String userId) {
            this.userId = userId;
        }

        public RecordChange create(String sObject, Map<String, Object> fields) {
            return keepOnePrimaryRole(record(store(sObject).orElseThrow(() -> notFoundType(sObject)),
                    s -> s.insert(fields, userId)));
        }

        public RecordChange update(String sObject, String id, Map<String, Object> fields) {
            return keepOnePrimaryRole(record(storeOfType(sObject, id), s -> s.update(id, fields, userId)));
        }

        public UpsertResult upsert(String sObject, String externalIdField, String value, Map<String, Object> fields) {
            SObjectStore store = store(sObject).orElseThrow(() -> notFoundType(sObject));
            UpsertResult result = store.upsert(externalIdField, value, fields, userId);
            if (result instanceof UpsertResult.Written written) {
                changes.add(new Step(store, written.change()));
                keepOnePrimaryRole(written.change());
            }
            return result;
        }

        /**
         * An opportunity has at most one primary contact role: Salesforce clears IsPrimary on the others when one
         * becomes primary, in the same transaction.
         */
        private RecordChange keepOnePrimaryRole(RecordChange change) {
            if (!change.entity().equals(StandardObjects.OPPORTUNITY_CONTACT_ROLE.name())
                    || !Boolean.TRUE.equals(change.after().get("IsPrimary"))) {
                return change;
            }
            SObjectStore roles = requireStore(change.entity());
            Object opportunity = change.after().get("OpportunityId");
            for (Map<String, Object> other : roles.all()) {
                if (!other.get(SObjectSchema.ID).equals(change.id()) && opportunity.equals(other.get("OpportunityId"))
                        && Boolean.TRUE.equals(other.get("IsPrimary"))) {
                    String otherId = other.get(SObjectSchema.ID).toString();
                    record(roles, s -> s.updateSystem(otherId, Map.of("IsPrimary", false), userId));
                }
            }
            return change;
        }

        public RecordChange delete(String id) {
            return record(storeOf(id), s -> s.delete(id, userId));
        }

        public RecordChange undelete(String id) {
            return record(storeOf(id), s -> s.undelete(id, userId));
        }

        public ConversionResult convertLead(String leadId, Optional<String> accountId) {
            SObjectStore leads = storeOfType("Lead", leadId);
            Map<String, Object> lead = leads.get(leadId).orElseThrow(SObjectStore::notFound);
            if (Boolean.TRUE.equals(lead.get("IsConverted"))) {
                throw new Failure(400, SalesforceError.of("CANNOT_UPDATE_CONVERTED_LEAD",
                        "This lead was already converted to the contact " + lead.get("ConvertedContactId") + ".",
                        List.of()));
            }
            String account = accountId.map(id -> {
                storeOfType("Account", id).get(id).orElseThrow(() -> new Failure(400, SalesforceError.of(
                        "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of("AccountId"))));
                return SalesforceIds.to18(id);
            }).orElseGet(() -> create("Account", copy(lead, Map.of("Company", "Name", "Industry", "Industry",
                    "AnnualRevenue", "AnnualRevenue", "NumberOfEmployees", "NumberOfEmployees", "Website", "Website",
                    "Phone", "Phone", "Street", "BillingStreet", "City", "BillingCity", "State", "BillingState",
                    "PostalCode", "BillingPostalCode"), "Country", "BillingCountry", "OwnerId", "OwnerId")).id());
            Map<String, Object> contactFields = copy(lead, Map.of("FirstName", "FirstName", "LastName", "LastName",
                    "Email", "Email", "Phone", "Phone", "Title", "Title", "Street", "MailingStreet", "City",
                    "MailingCity", "State", "MailingState", "PostalCode", "MailingPostalCode", "Country",
                    "MailingCountry"), "LeadSource", "LeadSource", "OwnerId", "OwnerId");
            // The lead field mapping carries custom fields over: here every custom field Lead and Contact both have
            // by name (the HubSpot ids of each tenant on the org among them).
            leads.schema().fields().stream().map(FieldDef::name).filter(name -> name.endsWith("__c"))
                    .forEach(name -> copyIfBothHave(lead, contactFields, name));
            contactFields.put("AccountId", account);
            String contact = create("Contact", contactFields).id();
            Map<String, Object> converted = new LinkedHashMap<>();
            converted.put("IsConverted", true);
            converted.put("Status", "Closed - Converted");
            converted.put("ConvertedAccountId", account);
            converted.put("ConvertedContactId", contact);
            converted.put("ConvertedDate", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
            record(leads, s -> s.updateSystem(leadId, converted, userId));
            return new ConversionResult(SalesforceIds.to18(leadId), account, contact);
        }

        /** A mark to roll back to: the number of writes so far. */
        public int mark() {
            return changes.size();
        }

        /** Undoes the writes after {@code mark}, newest first. */
        public void rollbackTo(int mark) {
            for (int i = changes.size() - 1; i >= mark; i--) {
                Step step = changes.remove(i);
                step.store().restore(step.change().id(), step.change().before());
            }
        }

        private RecordChange record(SObjectStore store, Function<SObjectStore, RecordChange> write) {
            RecordChange change = write.apply(store);
            changes.add(new Step(store, change));
            return change;
        }

        private Map<String, Object> copy(Map<String, Object> source, Map<String, String> mapping, String... more) {
            Map<String, String> all = new LinkedHashMap<>(mapping);
            for (int i = 0; i + 1 < more.length; i += 2) {
                all.put(more[i], more[i + 1]);
            }
            Map<String, Object> target = new LinkedHashMap<>();
            all.forEach((from, to) -> {
                if (source.get(from) != null) {
                    target.put(to, source.get(from));
                }
            });
            return target;
        }

        private void copyIfBothHave(Map<String, Object> lead, Map<String, Object> contact, String field) {
            if (lead.get(field) != null && store("Contact").flatMap(s -> s.schema().field(field)).isPresent()) {
                contact.put(field, lead.get(field));
            }
        }
    }

    private SObjectStore storeOf(String id) {
        if (!SalesforceIds.isValid(id)) {
            throw new Failure(400, SalesforceError.of("MALFORMED_ID", "malformed id " + id, List.of()));
        }
        return storeForId(id).orElseThrow(() -> new Failure(400, SalesforceError.of("INVALID_ID_FIELD",
                "invalid record id", List.of())));
    }

    /** The store of {@code sObject}, refusing an id of another type as Salesforce does. */
    private SObjectStore storeOfType(String sObject, String id) {
        SObjectStore store = store(sObject).orElseThrow(() -> notFoundType(sObject));
        if (SalesforceIds.isValid(id) && !id.startsWith(store.schema().keyPrefix())) {
            throw new Failure(400, SalesforceError.of("MALFORMED_ID", store.schema().label()
                    + " ID: id value of incorrect type: " + id, List.of(SObjectSchema.ID)));
        }
        return store;
    }

    private static Failure notFoundType(String sObject) {
        return new Failure(404, SalesforceError.of("NOT_FOUND", "The requested resource does not exist"));
    }

    private void createIntegrationUser() {
        store("User").ifPresent(users -> {
            users.insertSystem(userId, Map.of("Username", INTEGRATION_USERNAME, "Email", "integration@crmsync.example",
                    "FirstName", "Integration", "LastName", "User"), userId);
            otherUsers.forEach(u -> users.insertSystem(u.id(), Map.of("Username", u.username(), "Email", u.username(),
                    "FirstName", u.firstName(), "LastName", u.lastName()), userId));
        });
    }

    // ---- org-level checks, run by the stores inside a write ----

    /**
     * Run by a store on every API or UI write (not the platform's own system writes) once the field checks
     * passed, on the very map it then stores: the org's checks, then the fields the platform computes from others. Task.IsClosed is computed here rather
     * than in SObjectStore's derive step, which holds the per-record derivations (person Name) but knows no org
     * settings such as which task statuses are closed.
     */
    private void beforeWrite(SObjectSchema schema, Map<String, Object> candidate, Map<String, Object> previous) {
        check(schema, candidate, previous);
        if (schema.name().equals(StandardObjects.TASK.name()) && schema.field("IsClosed").isPresent()) {
            candidate.put("IsClosed", StandardObjects.CLOSED_TASK_STATUSES.contains(candidate.get("Status")));
        }
    }

    private void check(SObjectSchema schema, Map<String, Object> candidate, Map<String, Object> previous) {
        if (previous != null && schema.name().equals("Lead") && Boolean.TRUE.equals(previous.get("IsConverted"))) {
            throw new Failure(400, SalesforceError.of("CANNOT_UPDATE_CONVERTED_LEAD",
                    "cannot reference converted lead", List.of()));
        }
        checkReferences(schema, candidate, previous);
        for (ValidationRule rule : validationRules) {
            if (rule.sObject().equalsIgnoreCase(schema.name()) && rule.violatedWhen().test(candidate)) {
                throw new Failure(400, SalesforceError.of("FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message(),
                        rule.errorField() == null ? List.of() : List.of(rule.errorField())));
            }
        }
        for (DuplicateRule rule : duplicateRules) {
            if (rule.sObject().equalsIgnoreCase(schema.name()) && hasDuplicate(schema, rule, candidate)) {
                throw new Failure(400, SalesforceError.of("DUPLICATES_DETECTED",
                        "Use one of these records?", List.of()));
            }
        }
    }

    /** A lookup must name a live record of one of the field's types (only checked when it changes). */
    private void checkReferences(SObjectSchema schema, Map<String, Object> candidate, Map<String, Object> previous) {
        for (FieldDef field : schema.fields()) {
            Object value = candidate.get(field.name());
            if (field.type() != FieldType.REFERENCE || !field.writable() || value == null
                    || (previous != null && Objects.equals(value, previous.get(field.name())))) {
                continue;
            }
            String id = value.toString();
            if (field.referenceTo().equals(List.of(StandardObjects.RECORD_TYPE.name()))) {
                checkRecordType(schema, field, id);
                continue;
            }
            boolean typeKnown = field.referenceTo().stream().anyMatch(t -> store(t).isPresent());
            if (!typeKnown) {
                continue;
            }
            Optional<SObjectStore> target = storeForId(id)
                    .filter(s -> field.referenceTo().contains(s.schema().name()));
            if (target.isEmpty()) {
                throw new Failure(400, SalesforceError.of("FIELD_INTEGRITY_EXCEPTION",
                        field.label() + ": id value of incorrect type: " + id, List.of(field.name())));
            }
            Optional<Map<String, Object>> parent = target.get().getIncludingDeleted(id);
            if (parent.isEmpty()) {
                throw new Failure(400, SalesforceError.of("INVALID_CROSS_REFERENCE_KEY",
                        "invalid cross reference id", List.of(field.name())));
            }
            if (Boolean.TRUE.equals(parent.get().get(SObjectSchema.IS_DELETED))) {
                throw new Failure(400, SalesforceError.of("ENTITY_IS_DELETED", "entity is deleted",
                        List.of(field.name())));
            }
        }
    }

    /**
     * A record type must be an active one of the record's own sObject. An org (or a schema list) without record
     * types accepts any well-formed id, so tests that never set record types up keep working.
     */
    private void checkRecordType(SObjectSchema schema, FieldDef field, String id) {
        Optional<SObjectStore> recordTypes = store(StandardObjects.RECORD_TYPE.name());
        if (recordTypes.isEmpty() || recordTypes.get().count() == 0) {
            return;
        }
        boolean valid = id.startsWith(StandardObjects.RECORD_TYPE.keyPrefix()) && recordTypes.get().get(id)
                .filter(rt -> schema.name().equalsIgnoreCase(String.valueOf(rt.get("SobjectType"))))
                .filter(rt -> Boolean.TRUE.equals(rt.get("IsActive"))).isPresent();
        if (!valid) {
            throw new Failure(400, SalesforceError.of("INVALID_CROSS_REFERENCE_KEY",
                    field.label() + ": this ID value isn't valid for the user: " + id, List.of(field.name())));
        }
    }

    private boolean hasDuplicate(SObjectSchema schema, DuplicateRule rule, Map<String, Object> candidate) {
        if (rule.matchFields().stream().anyMatch(f -> candidate.get(canonical(schema, f)) == null)) {
            return false;
        }
        Object selfId = candidate.get(SObjectSchema.ID);
        return requireStore(schema.name()).all().stream()
                .filter(other -> selfId == null || !selfId.equals(other.get(SObjectSchema.ID)))
                .anyMatch(other -> rule.matchFields().stream().allMatch(f -> {
                    Object mine = candidate.get(canonical(schema, f));
                    Object theirs = other.get(canonical(schema, f));
                    return theirs != null && mine.toString().equalsIgnoreCase(theirs.toString());
                }));
    }

    private static String canonical(SObjectSchema schema, String field) {
        return schema.field(field).map(FieldDef::name).orElseThrow(() -> new IllegalArgumentException(
                "No field " + field + " on " + schema.name()));
    }
}
