package io.crmsync.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.store.DynamoLedger;

/**
 * The tenant's HubSpot allocation, set as an operator would, in a time zone whose day ends soon, with the day's
 * calls all but {@code headroom} already reserved (as earlier syncs that day would have), so the next changes reach
 * it and the new day has the whole allocation.
 */
record DailyAllocation(long calls, long usedAtStart, Instant dayEnds) {

    static DailyAllocation setJustAboveUse(LocalAws aws, long calls, int headroom, Duration untilMidnight) {
        DynamoLedger ledger = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"));
        Instant now = Instant.now();
        // Whole minutes: an offset whose local midnight is between untilMidnight and a minute later.
        Instant midnight = now.plus(untilMidnight).plusSeconds(60 - now.plus(untilMidnight).getEpochSecond() % 60);
        int secondsOfDayUtc = LocalTime.ofInstant(midnight, ZoneOffset.UTC).toSecondOfDay();
        int offset = (24 * 3600 - secondsOfDayUtc) % (24 * 3600);
        if (offset > 14 * 3600) {
            offset -= 24 * 3600;
        }
        ZoneOffset zone = ZoneOffset.ofTotalSeconds(offset);
        // The zone decides which day the seeding's calls counted in: set it first, then read what that day used.
        ledger.setAllocation(LocalDeployment.TENANT, Allocation.callsPerDay(Crm.HUBSPOT, calls).inZone(zone));
        long used = ledger.usage(LocalDeployment.TENANT, Crm.HUBSPOT, Instant.now()).used();
        int taken = (int) Math.max(0, calls - headroom - used);
        if (taken > 0 && !(ledger.reserve(LocalDeployment.TENANT, Crm.HUBSPOT, taken, Instant.now())
                instanceof io.crmsync.budget.Reservation.Granted)) {
            throw new IllegalStateException("could not use up the day's allocation before the scenario");
        }
        return new DailyAllocation(calls, used + taken, midnight);
    }
}
