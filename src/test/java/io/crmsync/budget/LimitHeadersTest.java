package io.crmsync.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The limit headers, with the values Salesforce's and HubSpot's documentation show (facts §15.3, §15.7). */
class LimitHeadersTest {

    @Test
    void sforceLimitInfoGivesTheOrgsUsageAndLimit() {
        assertThat(SforceLimitInfo.parse("api-usage=10018/100000; api-bursts=1/750"))
                .contains(new SforceLimitInfo(10018, 100000));
        assertThat(SforceLimitInfo.parse("api-usage=113/5000000")).contains(new SforceLimitInfo(113, 5_000_000));
        assertThat(SforceLimitInfo.parse("api-usage=3/3").orElseThrow().remaining()).isZero();
        assertThat(SforceLimitInfo.parse("api-usage=25/15000").orElseThrow().remaining()).isEqualTo(14_975);
    }

    @Test
    void sforceLimitInfoIgnoresOtherPartsAndNonsense() {
        assertThat(SforceLimitInfo.parse("per-app-api-usage=17/250(appName=sample-connected-app); api-usage=40/15000"))
                .contains(new SforceLimitInfo(40, 15000));
        assertThat(SforceLimitInfo.parse("per-app-api-usage=17/250(appName=sample-connected-app)")).isEmpty();
        assertThat(SforceLimitInfo.parse("api-bursts=1/750")).isEmpty();
        assertThat(SforceLimitInfo.parse("api-usage=abc/100")).isEmpty();
        assertThat(SforceLimitInfo.parse("api-usage=99999999999999999999/100")).isEmpty();
        assertThat(SforceLimitInfo.parse("")).isEmpty();
        assertThat(SforceLimitInfo.parse(null)).isEmpty();
    }

    @Test
    void hubSpotDailyHeadersGiveTheAccountsUsage() {
        HubSpotRateLimitHeaders headers = HubSpotRateLimitHeaders.parse("625000", "624873").orElseThrow();
        assertThat(headers).isEqualTo(new HubSpotRateLimitHeaders(625_000, 624_873));
        assertThat(headers.used()).isEqualTo(127);

        Map<String, String> response = Map.of("X-HubSpot-RateLimit-Daily", "250000",
                "X-HubSpot-RateLimit-Daily-Remaining", "0", "X-HubSpot-RateLimit-Max", "100");
        assertThat(HubSpotRateLimitHeaders.parse(response::get)).contains(new HubSpotRateLimitHeaders(250_000, 0));
        assertThat(HubSpotRateLimitHeaders.parse(response::get).orElseThrow().used()).isEqualTo(250_000);
    }

    @Test
    void hubSpotHeadersAbsentOrBrokenGiveNothing() {
        // OAuth-authorised calls and search responses carry no daily headers.
        assertThat(HubSpotRateLimitHeaders.parse(Map.<String, String>of()::get)).isEmpty();
        assertThat(HubSpotRateLimitHeaders.parse("625000", null)).isEmpty();
        assertThat(HubSpotRateLimitHeaders.parse("many", "5")).isEmpty();
        assertThat(HubSpotRateLimitHeaders.parse("10", "-1")).isEmpty();
        assertThat(HubSpotRateLimitHeaders.parse(" 60 ", " 59 ")).contains(new HubSpotRateLimitHeaders(60, 59));
    }
}
