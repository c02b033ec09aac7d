package io.crmsync.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OwnWriteMarkTest {

    private final OwnWriteMark marks = new OwnWriteMark("crmsync");

    @Test
    void aTenantsCallsNameItAndItsChangesAreItsEchoAlone() {
        assertThat(marks.callOptions("acme-eu")).isEqualTo("client=crmsync-acme-eu");
        OwnWriteMark.Writer writer = marks.writerOf("com/salesforce/api/rest/62.0;client=crmsync-acme-eu");
        assertThat(writer).isEqualTo(new OwnWriteMark.Tenant("acme-eu"));
        assertThat(marks.isEchoFor("acme-eu", writer)).isTrue();
        assertThat(marks.isEchoFor("acme", writer)).isFalse();
    }

    @Test
    void theMarkOfEarlierVersionsIsEveryonesEchoAndOtherClientsNobodys() {
        OwnWriteMark.Writer legacy = marks.writerOf("com/salesforce/api/soap/62.0;client=crmsync");
        assertThat(marks.isEchoFor("acme", legacy)).isTrue();
        assertThat(marks.isEchoFor("globex", legacy)).isTrue();
        for (String origin : new String[] {"", "com/salesforce/api/rest/62.0",
                "com/salesforce/api/rest/62.0;client=crmsyncer", "com/salesforce/api/rest/62.0;client=crmsync-",
                "com/salesforce/api/soap/62.0;client=SfdcInternalAPI/"}) {
            assertThat(marks.writerOf(origin)).as(origin).isEqualTo(new OwnWriteMark.Others());
            assertThat(marks.isEchoFor("acme", marks.writerOf(origin))).isFalse();
        }
        assertThat(marks.writerOf(null)).isEqualTo(new OwnWriteMark.Others());
        assertThatThrownBy(() -> new OwnWriteMark(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
