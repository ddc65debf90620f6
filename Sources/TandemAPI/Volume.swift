// Generated field lists of Kubernetes core/v1 and workload types; names follow the API verbatim.

/// A pod volume; tandem runs `emptyDir` (and `hostPath`), the other sources are carried as data.
public struct Volume: Codable, Sendable, Equatable {
    public var name: String?
    public var emptyDir: EmptyDirVolumeSource?
    public var hostPath: HostPathVolumeSource?
    public var configMap: JSONValue?
    public var secret: JSONValue?
    public var projected: JSONValue?
    public var downwardAPI: JSONValue?
    public var persistentVolumeClaim: JSONValue?
    public var ephemeral: JSONValue?
    public var csi: JSONValue?
    public var nfs: JSONValue?
    public var image: JSONValue?
    public var iscsi: JSONValue?
    public var awsElasticBlockStore: JSONValue?
    public var gcePersistentDisk: JSONValue?
    public var gitRepo: JSONValue?
    public var glusterfs: JSONValue?
    public var rbd: JSONValue?
    public var flexVolume: JSONValue?
    public var cinder: JSONValue?
    public var cephfs: JSONValue?
    public var flocker: JSONValue?
    public var fc: JSONValue?
    public var azureFile: JSONValue?
    public var azureDisk: JSONValue?
    public var vsphereVolume: JSONValue?
    public var quobyte: JSONValue?
    public var photonPersistentDisk: JSONValue?
    public var portworxVolume: JSONValue?
    public var scaleIO: JSONValue?
    public var storageos: JSONValue?

    public init(
        name: String? = nil,
        emptyDir: EmptyDirVolumeSource? = nil,
        hostPath: HostPathVolumeSource? = nil,
        configMap: JSONValue? = nil,
        secret: JSONValue? = nil,
        projected: JSONValue? = nil,
        downwardAPI: JSONValue? = nil,
        persistentVolumeClaim: JSONValue? = nil,
        ephemeral: JSONValue? = nil,
        csi: JSONValue? = nil,
        nfs: JSONValue? = nil,
        image: JSONValue? = nil,
        iscsi: JSONValue? = nil,
        awsElasticBlockStore: JSONValue? = nil,
        gcePersistentDisk: JSONValue? = nil,
        gitRepo: JSONValue? = nil,
        glusterfs: JSONValue? = nil,
        rbd: JSONValue? = nil,
        flexVolume: JSONValue? = nil,
        cinder: JSONValue? = nil,
        cephfs: JSONValue? = nil,
        flocker: JSONValue? = nil,
        fc: JSONValue? = nil,
        azureFile: JSONValue? = nil,
        azureDisk: JSONValue? = nil,
        vsphereVolume: JSONValue? = nil,
        quobyte: JSONValue? = nil,
        photonPersistentDisk: JSONValue? = nil,
        portworxVolume: JSONValue? = nil,
        scaleIO: JSONValue? = nil,
        storageos: JSONValue? = nil
    ) {
        self.name = name
        self.emptyDir = emptyDir
        self.hostPath = hostPath
        self.configMap = configMap
        self.secret = secret
        self.projected = projected
        self.downwardAPI = downwardAPI
        self.persistentVolumeClaim = persistentVolumeClaim
        self.ephemeral = ephemeral
        self.csi = csi
        self.nfs = nfs
        self.image = image
        self.iscsi = iscsi
        self.awsElasticBlockStore = awsElasticBlockStore
        self.gcePersistentDisk = gcePersistentDisk
        self.gitRepo = gitRepo
        self.glusterfs = glusterfs
        self.rbd = rbd
        self.flexVolume = flexVolume
        self.cinder = cinder
        self.cephfs = cephfs
        self.flocker = flocker
        self.fc = fc
        self.azureFile = azureFile
        self.azureDisk = azureDisk
        self.vsphereVolume = vsphereVolume
        self.quobyte = quobyte
        self.photonPersistentDisk = photonPersistentDisk
        self.portworxVolume = portworxVolume
        self.scaleIO = scaleIO
        self.storageos = storageos
    }
}

/// A scratch directory that lives as long as the pod.
public struct EmptyDirVolumeSource: Codable, Sendable, Equatable {
    public var medium: String?
    public var sizeLimit: Quantity?

    public init(
        medium: String? = nil,
        sizeLimit: Quantity? = nil
    ) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
}

/// A directory of the host mapped into the pod.
public struct HostPathVolumeSource: Codable, Sendable, Equatable {
    public var path: String?
    public var type: String?

    public init(
        path: String? = nil,
        type: String? = nil
    ) {
        self.path = path
        self.type = type
    }
}
