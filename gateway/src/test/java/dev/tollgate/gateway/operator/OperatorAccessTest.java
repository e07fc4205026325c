package dev.tollgate.gateway.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.gateway.api.ApiException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The check every operator listing (refunds, sweeps) shares: bearer token first, then keyset paging. */
class OperatorAccessTest {
    private final OperatorAccess access = new OperatorAccess(new OperatorConfig("op-token"));

    @Test
    void withoutAConfiguredTokenTheApiIsOff() {
        assertThatThrownBy(() -> new OperatorAccess(new OperatorConfig(" ")).authorize("Bearer  ", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().getCode()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("operator_api_disabled");
                });
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorizedBeforeAnyParameterIsRead() {
        for (String header : new String[] {null, "Bearer wrong", "op-token", "Bearer op-token "}) {
            assertThatThrownBy(() -> access.authorize(header, "not-a-uuid", 0))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().getCode()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("unauthorized");
                    });
        }
    }

    @Test
    void pagingDefaultsToAHundredFromTheOldest() {
        OperatorAccess.Page page = access.authorize("Bearer op-token", null, null);
        assertThat(page.after()).isNull();
        assertThat(page.size()).isEqualTo(OperatorAccess.DEFAULT_PAGE);
        assertThat(page.full(99)).isFalse();
        assertThat(page.full(100)).isTrue();
    }

    @Test
    void aCursorAndALimitWithinBoundsAreTaken() {
        UUID after = UUID.randomUUID();
        OperatorAccess.Page page = access.authorize("Bearer op-token", after.toString(), OperatorAccess.MAX_PAGE);
        assertThat(page.after()).isEqualTo(after);
        assertThat(page.size()).isEqualTo(500);
    }

    @Test
    void aLimitOutOfBoundsOrACursorThatIsNoIdIsInvalid() {
        assertThatThrownBy(() -> access.authorize("Bearer op-token", null, 0)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.extra()).isEqualTo(Map.of("field", "limit")));
        assertThatThrownBy(() -> access.authorize("Bearer op-token", null, 501)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.extra()).isEqualTo(Map.of("field", "limit")));
        assertThatThrownBy(() -> access.authorize("Bearer op-token", "42", 10)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.extra()).isEqualTo(Map.of("field", "after"));
                });
    }
}
