//! The vocabulary of a generated organization: regions and their cities,
//! departments, titles, companies and people's names. Weights are rough
//! shares, so that a department or a city is as common as it would be in a
//! large company rather than uniform.

/// A region: an OU with department OUs under it, and the cities it has offices in.
pub struct Region {
    /// OU name.
    pub name: &'static str,
    /// Share of the staff.
    pub weight: u32,
    /// Cities with offices.
    pub cities: &'static [&'static str],
}

/// Stands in for a region index out of range (never, once a spec is checked).
pub const FALLBACK_REGION: Region = Region {
    name: "Headquarters",
    weight: 1,
    cities: &["Redmond"],
};

/// Regions in the order they are created; a small organization uses the first few.
pub const REGIONS: &[Region] = &[
    Region {
        name: "North America",
        weight: 30,
        cities: &[
            "Seattle", "Redmond", "New York", "Chicago", "Toronto", "Austin",
        ],
    },
    Region {
        name: "Europe",
        weight: 25,
        cities: &["London", "Paris", "Berlin", "Dublin", "Amsterdam", "Madrid"],
    },
    Region {
        name: "Asia Pacific",
        weight: 20,
        cities: &[
            "Tokyo",
            "Singapore",
            "Sydney",
            "Bangalore",
            "Shanghai",
            "Seoul",
        ],
    },
    Region {
        name: "Latin America",
        weight: 8,
        cities: &["Sao Paulo", "Mexico City", "Buenos Aires", "Bogota"],
    },
    Region {
        name: "Middle East",
        weight: 5,
        cities: &["Dubai", "Tel Aviv", "Riyadh"],
    },
    Region {
        name: "Africa",
        weight: 4,
        cities: &["Johannesburg", "Nairobi", "Lagos", "Cairo"],
    },
    Region {
        name: "Nordics",
        weight: 4,
        cities: &["Stockholm", "Oslo", "Copenhagen", "Helsinki"],
    },
    Region {
        name: "Central Europe",
        weight: 4,
        cities: &["Vienna", "Zurich", "Prague", "Warsaw"],
    },
];

/// Departments with their share of the staff.
pub const DEPARTMENTS: &[(&str, u32)] = &[
    ("Sales", 18),
    ("Engineering", 20),
    ("Support", 12),
    ("Marketing", 8),
    ("Finance", 6),
    ("Human Resources", 4),
    ("Legal", 3),
    ("Operations", 10),
    ("Research", 7),
    ("IT", 6),
    ("Procurement", 4),
    ("Executive", 2),
];

/// Job titles; the first ones are the common ones.
pub const TITLES: &[(&str, u32)] = &[
    ("Associate", 20),
    ("Specialist", 18),
    ("Engineer", 16),
    ("Senior Engineer", 10),
    ("Analyst", 10),
    ("Consultant", 8),
    ("Manager", 8),
    ("Senior Manager", 4),
    ("Director", 3),
    ("Vice President", 1),
    ("Administrator", 2),
];

/// Companies of the organization's own people (subsidiaries included).
pub const COMPANIES: &[(&str, u32)] = &[
    ("Contoso", 85),
    ("Fabrikam", 8),
    ("Northwind Traders", 5),
    ("Tailspin Toys", 2),
];

/// Companies of external contacts and mail users.
pub const EXTERNAL_COMPANIES: &[&str] = &[
    "Adventure Works",
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "City Power & Light",
    "Coho Winery",
    "Litware",
    "Lucerne Publishing",
    "Margie's Travel",
    "Proseware",
    "Trey Research",
    "Wide World Importers",
    "Woodgrove Bank",
];

/// Kinds of employment, kept in CustomAttribute2.
pub const EMPLOYMENT: &[(&str, u32)] = &[("FTE", 80), ("Contractor", 15), ("Vendor", 5)];

/// Given names.
pub const FIRST: &[&str] = &[
    "Alex", "Amelia", "Anna", "Arjun", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "David",
    "Elena", "Emma", "Fatima", "Felix", "Hana", "Hugo", "Isabel", "Ivan", "James", "Julia",
    "Kenji", "Laura", "Leo", "Lina", "Lucas", "Maria", "Mateo", "Mei", "Mohammed", "Nadia", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Sara", "Sofia", "Tomas", "Wei", "Yuki",
];

/// Family names.
pub const LAST: &[&str] = &[
    "Adams", "Ahmed", "Andersen", "Brown", "Costa", "Dubois", "Fischer", "Garcia", "Gupta",
    "Hansen", "Ito", "Jensen", "Kim", "Kowalski", "Lee", "Lopez", "Martin", "Meyer", "Mueller",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Patel", "Rossi", "Santos", "Schmidt", "Silva",
    "Singh", "Smith", "Suzuki", "Tanaka", "Taylor", "Wang", "Wilson", "Yamamoto", "Zhang",
];

/// Built-in roles that custom roles are usually derived from, with how often.
pub const PARENT_ROLES: &[(&str, u32)] = &[
    ("Mail Recipients", 30),
    ("Distribution Groups", 12),
    ("Mail Recipient Creation", 6),
    ("Reset Password", 6),
    ("User Options", 6),
    ("View-Only Recipients", 6),
    ("Mailbox Search", 4),
    ("Move Mailboxes", 4),
    ("Recipient Policies", 4),
    ("Retention Management", 3),
    ("Legal Hold", 3),
    ("Mail Enabled Public Folders", 2),
    ("Mailbox Import Export", 2),
    ("Databases", 2),
    ("Transport Rules", 2),
    ("Address Lists", 2),
];

/// Cmdlets a custom child of a recipient role usually keeps: what a
/// help desk or a regional admin does all day.
pub const CORE_CMDLETS: &[&str] = &[
    "Get-Mailbox",
    "Set-Mailbox",
    "Get-User",
    "Set-User",
    "Get-Recipient",
    "Set-MailUser",
    "Set-MailContact",
    "Set-Contact",
    "Get-DistributionGroup",
    "Set-DistributionGroup",
    "Add-DistributionGroupMember",
    "Remove-DistributionGroupMember",
    "Set-CASMailbox",
    "Set-Group",
];
