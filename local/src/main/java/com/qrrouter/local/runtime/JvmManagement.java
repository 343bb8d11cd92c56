package com.qrrouter.local.runtime;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The platform MXBeans of another JVM on this machine, through the JDK's attach API and its local management agent
 * (started in the target on the first request): what {@link RouterJvm#usage()} reads, since the router's JVM runs
 * Lambda's runtime interface client and answers nothing but the Runtime API. The agent's threads (RMI) exist in the
 * target only from the first request on.
 */
final class JvmManagement implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private JvmManagement(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /** Attaches to the JVM {@code pid} (same user) and connects to its local management agent. */
    static JvmManagement attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        return new JvmManagement(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** The target's CPU, GC and allocation figures now. */
    JvmUsage usage() throws IOException {
        com.sun.management.ThreadMXBean threadBean = ManagementFactory.newPlatformMXBeanProxy(
                connection, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        List<JvmUsage.ThreadCpu> threads = new ArrayList<>();
        for (ThreadInfo info : threadBean.getThreadInfo(threadBean.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long cpu = threadBean.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                threads.add(new JvmUsage.ThreadCpu(info.getThreadId(), info.getThreadName(), cpu));
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc :
                ManagementFactory.getPlatformMXBeans(connection, GarbageCollectorMXBean.class)) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long allocated = threadBean.getTotalThreadAllocatedBytes();
        com.sun.management.OperatingSystemMXBean os = ManagementFactory.newPlatformMXBeanProxy(
                connection,
                ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                com.sun.management.OperatingSystemMXBean.class);
        // Last, so that the process time includes the sampling above.
        long processCpu = os.getProcessCpuTime();
        return new JvmUsage(Instant.now(), System.nanoTime(), processCpu, gcCount, gcMillis, allocated, threads);
    }

    /** Has the target run a full collection ({@code System.gc()}). */
    void collectGarbage() throws IOException {
        ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class)
                .gc();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // The target has ended; nothing to close.
        }
    }
}
