package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathMatcherTest {

    private static boolean matches(String pattern, String raw) {
        PathMatcher.NormalizedPath path = PathMatcher.normalize(raw);
        assertThat(path).as("normalises: " + raw).isNotNull();
        return PathMatcher.compile(pattern).matches(path);
    }

    @Test
    void exactPathMatchesItselfAndItsSpellings() {
        String billed = "/v1/chat/completions";
        assertThat(matches(billed, "/v1/chat/completions")).isTrue();
        assertThat(matches(billed, "/v1/chat/completions/")).as("trailing slash").isTrue();
        assertThat(matches(billed, "//v1//chat///completions")).as("doubled slashes").isTrue();
        assertThat(matches(billed, "/v1/./chat/completions")).as("dot segment").isTrue();
        assertThat(matches(billed, "/v1/x/../chat/completions")).as("dot-dot segment").isTrue();
        assertThat(matches(billed, "/v1/%63hat/completions")).as("encoded unreserved letter").isTrue();
        assertThat(matches(billed, "/v1/x/%2E%2E/chat/completions")).as("encoded dot-dot").isTrue();
        assertThat(matches(billed, "/v1/chat/completions;jsessionid=1")).as("path parameters").isTrue();
        assertThat(matches(billed, "/../../v1/chat/completions")).as("dot-dot never above the root").isTrue();
    }

    @Test
    void otherPathsDoNotMatch() {
        String billed = "/v1/chat/completions";
        assertThat(matches(billed, "/v1/chat")).isFalse();
        assertThat(matches(billed, "/v1/chat/completions/extra")).isFalse();
        assertThat(matches(billed, "/V1/chat/completions")).as("case-sensitive").isFalse();
        assertThat(matches(billed, "/v1/chat/completions/..")).isFalse();
    }

    @Test
    void encodedSlashStaysInsideItsSegmentAndIsFlagged() {
        PathMatcher.NormalizedPath path = PathMatcher.normalize("/v1%2Fchat/completions");
        assertThat(path.segments()).containsExactly("v1%2Fchat", "completions");
        assertThat(path.encodedSlash()).isTrue();
        assertThat(PathMatcher.compile("/v1/chat/completions").matches(path)).isFalse();
        assertThat(PathMatcher.compile("/v1/chat/completions").matches(path.slashesDecoded())).isTrue();
        assertThat(PathMatcher.normalize("/v1%2fchat").segments()).as("hex upper-cased").containsExactly("v1%2Fchat");
        assertThat(PathMatcher.normalize("/a%5Cb").encodedSlash()).as("backslash too").isTrue();
        assertThat(PathMatcher.normalize("/a/b").encodedSlash()).isFalse();
    }

    @Test
    void malformedPathsDoNotNormalise() {
        assertThat(PathMatcher.normalize("/v1/%zzchat")).isNull();
        assertThat(PathMatcher.normalize("/v1/chat%2")).isNull();
        assertThat(PathMatcher.normalize("/v1/chat%")).isNull();
        assertThat(PathMatcher.normalize("/v1/ch at")).isNull();
        assertThat(PathMatcher.normalize("/v1/\u0000")).isNull();
        assertThat(PathMatcher.normalize("v1/chat")).isNull();
        assertThat(PathMatcher.normalize("")).isNull();
        assertThat(PathMatcher.normalize(null)).isNull();
    }

    @Test
    void encodingsDecodeAsARouterDecodesThem() {
        assertThat(PathMatcher.normalize("/a%3Bb/%20x/%C3%A9").segments()).containsExactly("a;b", " x", "\u00e9");
        assertThat(matches("/v1/a+b", "/v1/a%2Bb")).as("encoded reserved character").isTrue();
        assertThat(matches("/v1/caf\u00e9", "/v1/caf%C3%A9")).isTrue();
        assertThat(PathMatcher.normalize("/%2541").segments()).as("%25 stays: decoded once, not twice")
                .containsExactly("%2541");
        assertThat(matches("/v1/A", "/v1/%2541")).isFalse();
        assertThat(PathMatcher.normalize("/%C3")).as("not UTF-8").isNull();
        assertThat(PathMatcher.normalize("/%FF%FE")).as("not UTF-8").isNull();
    }

    @Test
    void singleStarMatchesOneSegment() {
        assertThat(matches("/v1/models/*", "/v1/models/gpt")).isTrue();
        assertThat(matches("/v1/models/*", "/v1/models/gpt/")).isTrue();
        assertThat(matches("/v1/models/*", "/v1/models")).isFalse();
        assertThat(matches("/v1/models/*", "/v1/models/a/b")).isFalse();
        assertThat(matches("/v1/*/run", "/v1/x/run")).isTrue();
    }

    @Test
    void doubleStarMatchesAnyNumberOfSegments() {
        assertThat(matches("/v1/**", "/v1")).isTrue();
        assertThat(matches("/v1/**", "/v1/a")).isTrue();
        assertThat(matches("/v1/**", "/v1/a/b/c")).isTrue();
        assertThat(matches("/v1/**", "/v2/a")).isFalse();
        assertThat(matches("/**/completions", "/a/b/completions")).isTrue();
        assertThat(matches("/**/completions", "/a/b/completion")).isFalse();
        assertThat(matches("/**", "/")).isTrue();
    }

    @Test
    void patternsMustUseWholeSegmentWildcards() {
        assertThatThrownBy(() -> PathMatcher.compile("/v1/mod*")).isInstanceOf(BillingConfigException.class);
        assertThatThrownBy(() -> PathMatcher.compile("/v1/%zz")).isInstanceOf(BillingConfigException.class);
    }
}
