package com.qrrouter.local.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.qrrouter.local.benchmark.CpuAccount.Role;
import com.qrrouter.local.benchmark.CpuAccount.Used;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

    @Test
    void used_whenRunningBeforeTheInterval_countsFromItsBaseline() {
        CpuAccount account = new CpuAccount();
        account.baseline(10, Role.STACK, 500);
        account.start();
        account.sample(10, Role.STACK, 620);
        account.sample(10, Role.STACK, 700);

        assertThat(account.used()).containsExactly(new Used(10, Role.STACK, 200));
    }

    @Test
    void used_whenStartedDuringTheInterval_countsFromZero() {
        CpuAccount account = new CpuAccount();
        account.start();
        account.sample(42, Role.ROUTER, 130);

        assertThat(account.used()).containsExactly(new Used(42, Role.ROUTER, 130));
    }

    @Test
    void used_whenExitedBeforeTheEnd_keepsItsLastSample() {
        CpuAccount account = new CpuAccount();
        account.baseline(1, Role.CLIENT, 0);
        account.start();
        account.sample(42, Role.ROUTER, 90);
        // pid 42 exited: later samples do not see it.
        account.sample(1, Role.CLIENT, 50);
        account.sample(43, Role.ROUTER, 30);

        assertThat(account.used())
                .containsExactly(
                        new Used(1, Role.CLIENT, 50), new Used(42, Role.ROUTER, 90), new Used(43, Role.ROUTER, 30));
    }

    @Test
    void used_whenEveryRoleSampled_listsClientStackDynaliteThenRoutersByPid() {
        CpuAccount account = new CpuAccount();
        account.start();
        account.sample(50, Role.ROUTER, 5);
        account.sample(30, Role.DYNALITE, 3);
        account.sample(40, Role.ROUTER, 4);
        account.sample(20, Role.STACK, 2);
        account.sample(10, Role.CLIENT, 1);

        assertThat(account.used())
                .extracting(Used::role, Used::pid)
                .containsExactly(
                        tuple(Role.CLIENT, 10L),
                        tuple(Role.STACK, 20L),
                        tuple(Role.DYNALITE, 30L),
                        tuple(Role.ROUTER, 40L),
                        tuple(Role.ROUTER, 50L));
    }

    @Test
    void sample_whenLowerThanBefore_isIgnored() {
        CpuAccount account = new CpuAccount();
        account.start();
        account.sample(7, Role.ROUTER, 100);
        account.sample(7, Role.ROUTER, 3);

        assertThat(account.used()).containsExactly(new Used(7, Role.ROUTER, 100));
    }

    @Test
    void sample_whenNotStarted_saysToStartFirst() {
        CpuAccount account = new CpuAccount();

        assertThatThrownBy(() -> account.sample(1, Role.CLIENT, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }

    @Test
    void baseline_whenStarted_isRefused() {
        CpuAccount account = new CpuAccount();
        account.start();

        assertThatThrownBy(() -> account.baseline(1, Role.CLIENT, 1)).isInstanceOf(IllegalStateException.class);
    }
}
