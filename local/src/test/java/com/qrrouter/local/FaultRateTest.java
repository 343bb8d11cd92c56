package com.qrrouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultRateTest {

    private static List<Integer> firing(FaultRate rate, int requests) {
        FaultRate.Trigger trigger = rate.trigger();
        List<Integer> fired = new ArrayList<>();
        for (int request = 1; request <= requests; request++) {
            if (trigger.fires()) {
                fired.add(request);
            }
        }
        return fired;
    }

    @Test
    void trigger_whenNeverOrAlways_firesOnNoneOrAll() {
        assertThat(firing(FaultRate.never(), 5)).isEmpty();
        assertThat(firing(FaultRate.always(), 5)).containsExactly(1, 2, 3, 4, 5);
        assertThat(FaultRate.never().isNever()).isTrue();
        assertThat(FaultRate.next(0).isNever()).isTrue();
        assertThat(FaultRate.randomly(0, 1).isNever()).isTrue();
    }

    @Test
    void trigger_whenNext_firesOnTheFirstRequestsOnly() {
        assertThat(firing(FaultRate.next(3), 10)).containsExactly(1, 2, 3);
    }

    @Test
    void trigger_whenEveryNth_firesOnMultiplesOfN() {
        assertThat(firing(FaultRate.everyNth(5), 20)).containsExactly(5, 10, 15, 20);
        assertThat(firing(FaultRate.everyNth(1), 3)).containsExactly(1, 2, 3);
    }

    @Test
    void trigger_whenRandomWithSeed_firesOnTheSameRequestsEveryTime() {
        FaultRate rate = FaultRate.randomly(0.2, 42);

        List<Integer> first = firing(rate, 1_000);
        List<Integer> second = firing(rate, 1_000);

        assertThat(second).isEqualTo(first);
        assertThat(first.size()).isBetween(150, 250);
        assertThat(firing(FaultRate.randomly(0.2, 43), 1_000)).isNotEqualTo(first);
    }

    @Test
    void trigger_whenOneRateGivenToTwoSwitches_countsForEachApart() {
        FaultRate rate = FaultRate.everyNth(2);
        FaultRate.Trigger a = rate.trigger();
        FaultRate.Trigger b = rate.trigger();

        assertThat(a.fires()).isFalse();
        assertThat(a.fires()).isTrue();
        assertThat(b.fires()).isFalse();
    }

    @Test
    void factories_whenOutOfRange_sayWhatIsAllowed() {
        assertThatThrownBy(() -> FaultRate.everyNth(0)).hasMessageContaining("n >= 1");
        assertThatThrownBy(() -> FaultRate.next(-1)).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> FaultRate.randomly(1.5, 1)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> FaultRate.randomly(Double.NaN, 1)).hasMessageContaining("[0, 1]");
    }
}
