"""The planning constraints an officer can add to a site: the commonest of the ODP schema's planning
designations (its `PlanningDesignation` values), by code and name."""

CONSTRAINTS: dict[str, str] = {
    "articleFour": "Article 4 direction area",
    "archaeologicalPriorityArea": "Archaeological Priority Area",
    "brownfieldSite": "Brownfield site",
    "buildingPreservationNotice": "Building Preservation Notice (BPN)",
    "designated.AONB": "Area of Outstanding Natural Beauty (AONB)",
    "designated.conservationArea": "Conservation area",
    "designated.nationalPark": "National Park",
    "designated.WHS": "UNESCO World Heritage Site (WHS)",
    "flood.zoneTwo": "Flood zone 2 - Medium risk",
    "flood.zoneThree": "Flood zone 3 - High risk",
    "greenBelt": "Green belt",
    "listed.gradeOne": "Listed building - Grade I",
    "listed.gradeTwoStar": "Listed building - Grade II*",
    "listed.gradeTwo": "Listed building - Grade II",
    "locallyListed": "Locally listed building",
    "monument": "Site of a Scheduled Monument",
    "nature.SSSI": "Site of Special Scientific Interest (SSSI)",
    "nature.SAC": "Special Area of Conservation (SAC)",
    "nature.SPA": "Special Protection Area (SPA)",
    "registeredPark": "Registered parks and gardens",
    "road.classified": "Classified road",
    "tpo": "Tree Preservation Order (TPO) or zone",
    "watercourse.mainRiver": "Main river",
}
