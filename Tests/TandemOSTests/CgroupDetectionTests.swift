import Testing
@testable import TandemOS

@Suite struct CgroupDetectionTests {
    @Test func aHybridMachineUsesV1ControllersAndTheV2TreeForKilling() throws {
        let mountInfo = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """
        let membership = """
            8:pids:/
            6:freezer:/
            4:memory:/process_api/abc
            2:cpuacct:/
            1:cpu:/
            0::/
            """
        let system = try #require(try CgroupDetection.detect(mountInfo: mountInfo, membership: membership).get() as? CgroupV1System)
        #expect(system.bases == ["cpu": "/sys/fs/cgroup/cpu", "cpuacct": "/sys/fs/cgroup/cpuacct",
                                 "memory": "/sys/fs/cgroup/memory/process_api/abc", "freezer": "/sys/fs/cgroup/freezer",
                                 "pids": "/sys/fs/cgroup/pids"])
        #expect(system.unified == "/sys/fs/cgroup/unified")
        #expect(system.controllers == [.cpu, .memory, .pids])
        #expect(system.procsFiles("tandem-1-2/pod-web/app-0") == [
            "/sys/fs/cgroup/cpu/tandem-1-2/pod-web/app-0/cgroup.procs",
            "/sys/fs/cgroup/cpuacct/tandem-1-2/pod-web/app-0/cgroup.procs",
            "/sys/fs/cgroup/freezer/tandem-1-2/pod-web/app-0/cgroup.procs",
            "/sys/fs/cgroup/memory/process_api/abc/tandem-1-2/pod-web/app-0/cgroup.procs",
            "/sys/fs/cgroup/pids/tandem-1-2/pod-web/app-0/cgroup.procs",
            "/sys/fs/cgroup/unified/tandem-1-2/pod-web/app-0/cgroup.procs",
        ])
    }

    @Test func combinedV1MountsAndACgroupNamespaceRoot() throws {
        let mountInfo = """
            32 31 0:29 /kubepods /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 /kubepods /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            """
        let membership = "3:cpu,cpuacct:/kubepods/pod1\n4:memory:/kubepods/pod1\n"
        let system = try #require(try CgroupDetection.detect(mountInfo: mountInfo, membership: membership).get() as? CgroupV1System)
        #expect(system.bases == ["cpu": "/sys/fs/cgroup/cpu,cpuacct/pod1", "cpuacct": "/sys/fs/cgroup/cpu,cpuacct/pod1",
                                 "memory": "/sys/fs/cgroup/memory/pod1"])
        #expect(system.unified == nil)
        #expect(system.procsFiles("g") == ["/sys/fs/cgroup/cpu,cpuacct/pod1/g/cgroup.procs", "/sys/fs/cgroup/memory/pod1/g/cgroup.procs"])
    }

    @Test func aPureV2MachineNestsUnderTandemsOwnCgroup() throws {
        let mountInfo = "30 23 0:27 / /tmp/no-such-cgroup2-mount rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
        let membership = "0::/user.slice/user-1000.slice/session-3.scope\n"
        let system = try #require(try CgroupDetection.detect(mountInfo: mountInfo, membership: membership).get() as? CgroupV2System)
        // Nothing is mounted there, so no controller could be enabled (and root falls back to the mount).
        #expect(system.controllers.isEmpty)
        #expect(system.procsFiles("t") == ["\(system.base)/t/cgroup.procs"])
        #expect(["/tmp/no-such-cgroup2-mount/user.slice/user-1000.slice/session-3.scope", "/tmp/no-such-cgroup2-mount"]
                    .contains(system.base))
    }

    @Test func noHierarchyIsAReason() {
        let result = CgroupDetection.detect(mountInfo: "31 23 0:28 / /sys rw - sysfs sysfs rw\n", membership: "0::/\n")
        #expect(throws: CgroupUnavailable("no cgroup hierarchy is mounted")) { try result.get() }
    }
}
