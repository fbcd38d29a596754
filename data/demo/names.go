package demo

import (
	"strings"

	"needlepoint/data"
)

// origin is a naming tradition seen among a UK clinic's patients. Names
// are mostly drawn from one origin so a record reads like a real person;
// a share of patients mix two (marriage, mixed heritage).
type origin struct {
	weight       int
	female, male []string
	family       []string
	native       bool // written in its own alphabet, so never mixed with others
	// feminine gives the family name's form for a woman, where the
	// language marks it (Kowalski → Kowalska, Иванов → Иванова).
	feminine func(string) string
	// skin is the usual range of Fitzpatrick types.
	skin [2]data.SkinType
}

// Native Cyrillic and Greek are written as such; Chinese, Japanese, Arabic
// and Indian names appear in the Latin spelling patients give at a UK
// desk, which is also what the bundled fonts can draw.
var origins = []origin{
	{ // British and Irish
		weight: 46,
		female: strings.Fields(`Olivia Amelia Isla Ava Emily Sophie Grace Lily Charlotte Jessica Hannah
			Chloe Ella Lucy Emma Sarah Rebecca Laura Rachel Claire Helen Katherine Catherine
			Elizabeth Margaret Victoria Jennifer Siobhan Niamh Aoife Zoë Zoe Megan Abigail Alexandra
			Samantha Georgia Poppy Freya Imogen Harriet Eleanor Caitlin Bethany Gemma Kirsty Joanne
			Susan Patricia Deborah Julie Nicola Amy Holly Jasmine Ruby Róisín Sinéad Eilidh Carys Ffion`),
		male: strings.Fields(`Oliver George Harry Jack Jacob Noah Charlie Thomas James William Daniel
			Matthew Christopher Andrew Michael David Robert Richard Stephen Steven Benjamin Samuel
			Joseph Alexander Edward Callum Liam Connor Ciarán Seán Rhys Dylan Owen Gareth Euan Hamish
			Paul Mark Simon Peter Adam Luke Nathan Ryan Kieran Declan Aled Iwan`),
		family: strings.Fields(`Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson
			Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke
			Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison
			Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths
			Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
			Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Webb Rogers Gray Mason
			Campbell Hunt Holmes Palmer Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
			Jenkins Murray Dixon Harvey O'Brien O'Connor O'Neill O'Sullivan McCarthy MacDonald McLean
			Fitzgerald Byrne Dunne Doyle Quinn Gallagher Ó_Súilleabháin Mac_Giolla_Phádraig
			Llewellyn Pryce ap_Rhys Thomson Reid Matthews Ferguson Stewart Henderson`),
		skin: [2]data.SkinType{1, 3},
	},
	{ // Western and Northern European
		weight: 9,
		female: strings.Fields(`Chloé Amélie Léa Hélène Inès Anaïs Françoise Lena Anja Sofía Lucía
			María_José Giulia Chiara Francesca Beatriz Joana Conceição Ingrid Åsa Sigríður Sanne Anouk
			Mette Sølvi`),
		male: strings.Fields(`Benoît Théo François Jérôme Stéphane Jürgen Matthias Björn Søren José
			Javier Álvaro Iñigo Marco Luca Giuseppe João Tiago Lars Sven Jens Pieter Thijs Þór`),
		family: strings.Fields(`Müller Schmidt Schröder Weiß Groß Meyer Dubois Lefèvre Moreau Girard
			Bernard Rousseau García Fernández López Martínez Muñoz Núñez Rossi Russo Ferrari Esposito
			Bianchi Colombo Silva Santos Gonçalves Jensen Nielsen Sørensen Andersson Johansson
			Lindqvist Østergaard van_der_Berg de_Vries van_Dijk Jansen Þórsdóttir García_López`),
		skin: [2]data.SkinType{1, 4},
	},
	{ // Polish, Czech, Hungarian, Romanian
		weight: 7,
		female: strings.Fields(`Agnieszka Małgorzata Katarzyna Zuzanna Joanna Magdalena Dorota Ewa
			Alžběta Petra Zsófia Ioana Beata Aleksandra`),
		male: strings.Fields(`Łukasz Paweł Wojciech Krzysztof Piotr Jakub Tomasz Grzegorz Michał Jiří
			Tomáš Bálint Andrei Ștefan Marek`),
		family: strings.Fields(`Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski
			Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski
			Grabowski Pawłowski Michalski Zawadzki Dvořák Novák Černý Procházka Kovács Szabó Tóth
			Nagy Popescu Ionescu Dumitrescu Horvat`),
		feminine: func(s string) string {
			for _, end := range []string{"ski", "cki", "dzki"} {
				if strings.HasSuffix(s, end) {
					return strings.TrimSuffix(s, "i") + "a"
				}
			}
			return s
		},
		skin: [2]data.SkinType{1, 3},
	},
	{ // Russian and Ukrainian, written in Cyrillic
		native: true,
		weight: 2,
		female: strings.Fields(`Анна Мария Екатерина Ольга Наталья Татьяна Ирина Светлана Оксана Юлія
			Олена`),
		male: strings.Fields(`Дмитрий Алексей Сергей Андрей Иван Николай Михаил Владимир Олександр
			Тарас`),
		family: strings.Fields(`Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов
			Новиков Фёдоров Морозов Волков Лебедев Шевченко Коваленко Бондаренко Ткаченко Мельник`),
		feminine: func(s string) string {
			for _, end := range []string{"ов", "ев", "ёв", "ин"} {
				if strings.HasSuffix(s, end) {
					return s + "а"
				}
			}
			return s
		},
		skin: [2]data.SkinType{1, 3},
	},
	{ // Russian and Ukrainian, in Latin letters
		weight: 3,
		female: strings.Fields(`Olga Natalia Tatiana Oksana Yulia Irina Svetlana Anastasia Daria`),
		male:   strings.Fields(`Dmitri Alexei Sergei Andriy Ivan Mykola Mikhail Oleksandr Taras`),
		family: strings.Fields(`Ivanov Petrov Volkov Sokolov Smirnov Morozov Shevchenko Kovalenko
			Bondarenko Tkachenko Melnyk Dmitriev`),
		feminine: func(s string) string {
			if strings.HasSuffix(s, "ov") || strings.HasSuffix(s, "ev") {
				return s + "a"
			}
			return s
		},
		skin: [2]data.SkinType{1, 3},
	},
	{ // Greek, written in Greek
		native: true,
		weight: 1,
		female: strings.Fields(`Μαρία Ελένη Αικατερίνη Σοφία Δέσποινα Γεωργία`),
		male:   strings.Fields(`Γιώργος Κωνσταντίνος Νίκος Δημήτρης Γιάννης Χρήστος`),
		family: strings.Fields(`Παπαδόπουλος Γεωργίου Νικολάου Οικονόμου Παπαδάκης Βλάχος Αντωνίου
			Καραγιάννης`),
		feminine: func(s string) string {
			switch {
			case strings.HasSuffix(s, "ος"):
				return strings.TrimSuffix(s, "ος") + "ου"
			case strings.HasSuffix(s, "ης"):
				return strings.TrimSuffix(s, "ς")
			}
			return s
		},
		skin: [2]data.SkinType{2, 4},
	},
	{ // West African
		weight: 6,
		female: strings.Fields(`Ngozi Chiamaka Adaeze Oluwaseun Funmilayo Yetunde Abena Ama Akosua Efua
			Aisha Fatoumata Nneka Chidinma Folake Adwoa`),
		male: strings.Fields(`Chinedu Emeka Obinna Olumide Babajide Kwame Kofi Kwabena Yaw Tunde
			Ikechukwu Femi Mamadou Ousmane`),
		family: strings.Fields(`Okafor Adeyemi Okonkwo Eze Nwosu Obi Adebayo Olawale Ogunleye Balogun
			Mensah Asante Boateng Owusu Osei Agyeman Diallo Traoré Ndiaye Abubakar Bello Chukwu`),
		skin: [2]data.SkinType{5, 6},
	},
	{ // East and Southern African
		weight: 2,
		female: strings.Fields(`Wanjiru Achieng Amani Thandiwe Nomvula Zanele Tsion Hiwot`),
		male:   strings.Fields(`Kamau Otieno Tendai Sipho Thabo Tesfaye Abebe Baraka`),
		family: strings.Fields(`Mwangi Ochieng Njoroge Moyo Dlamini Nkosi Ndlovu Haile Bekele Kiprono`),
		skin:   [2]data.SkinType{5, 6},
	},
	{ // South Asian
		weight: 9,
		female: strings.Fields(`Priya Anjali Aishwarya Deepika Sunita Kavita Nisha Pooja Harpreet
			Simran Fatima Ayesha Zainab Sana Nusrat Farhana Shreya Lakshmi`),
		male: strings.Fields(`Rahul Arjun Vikram Sanjay Rajesh Amit Harjit Gurpreet Mohammed Muhammad
			Imran Tariq Bilal Hassan Ravi Sunil Karthik`),
		family: strings.Fields(`Patel Shah Singh Sharma Gupta Kumar Khan Ahmed Hussain Ali Iqbal
			Chaudhry Malik Rahman Chowdhury Mistry Desai Joshi Reddy Iyer Nair Pillai Mehta Bhatt
			Gill Sandhu Dhillon Rao`),
		skin: [2]data.SkinType{3, 5},
	},
	{ // Chinese
		weight: 4,
		female: strings.Fields(`Mei Xiaoling Jing Li_Na Yan Hui Xinyi Yuting`),
		male:   strings.Fields(`Wei Jun Hao Zhiwei Jian Yong Haoran`),
		family: strings.Fields(`Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Lin Ng Wong Chan
			Cheung Lam`),
		skin: [2]data.SkinType{2, 4},
	},
	{ // Vietnamese
		weight: 2,
		female: strings.Fields(`Linh Thu_Trang Ngọc_Anh Phương Thảo Hương`),
		male:   strings.Fields(`Minh Tuấn Đức Quang Hùng Khoa`),
		family: strings.Fields(`Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi`),
		skin:   [2]data.SkinType{3, 4},
	},
	{ // Japanese and Korean
		weight: 2,
		female: strings.Fields(`Yuki Sakura Haruka Aiko Ji-woo Seo-yeon`),
		male:   strings.Fields(`Hiroshi Takeshi Kenji Min-jun Ji-hoon`),
		family: strings.Fields(`Sato Suzuki Takahashi Tanaka Watanabe Kim Park Choi Jung`),
		skin:   [2]data.SkinType{2, 4},
	},
	{ // Filipino
		weight: 2,
		female: strings.Fields(`Maricel Jocelyn Rosalie Angelica`),
		male:   strings.Fields(`Rodel Jerome Ramon Arnel`),
		family: strings.Fields(`Reyes Cruz Bautista Dela_Cruz Santos Garcia Mendoza Villanueva`),
		skin:   [2]data.SkinType{3, 5},
	},
	{ // Turkish, Arab and Iranian
		weight: 5,
		female: strings.Fields(`Fatma Elif Zeynep Leila Yasmin Nour Mariam Shirin Parisa Şebnem Hiba`),
		male:   strings.Fields(`Mehmet Ahmet Emre Yusuf Omar Karim Reza Dariush Hamza Khalid Çağrı`),
		family: strings.Fields(`Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Haddad Khoury
			Nasser Mansour Al-Sayed Hosseini Rahimi Karimi Ahmadi Abdullah`),
		skin: [2]data.SkinType{2, 4},
	},
}

// nicknames are the preferred names patients often give for a first name.
var nicknames = map[string][]string{
	"Elizabeth": {"Liz", "Beth", "Lizzie"}, "Katherine": {"Kate", "Kathy"}, "Catherine": {"Cathy", "Kate"},
	"Margaret": {"Maggie", "Peggy"}, "Victoria": {"Vicky", "Tori"}, "Jennifer": {"Jen", "Jenny"},
	"Abigail": {"Abby"}, "Alexandra": {"Alex", "Sasha"}, "Samantha": {"Sam"}, "Harriet": {"Hattie"},
	"Eleanor": {"Ellie", "Nell"}, "Joanne": {"Jo"}, "Susan": {"Sue"}, "Patricia": {"Trish", "Pat"},
	"Deborah": {"Debbie"}, "Nicola": {"Nicky"}, "Rebecca": {"Becky"},
	"Oliver": {"Ollie"}, "Jacob": {"Jake"}, "Thomas": {"Tom"}, "James": {"Jamie", "Jim"},
	"William": {"Will", "Bill"}, "Daniel": {"Dan", "Danny"}, "Matthew": {"Matt"},
	"Christopher": {"Chris"}, "Andrew": {"Andy", "Drew"}, "Michael": {"Mike", "Mick"},
	"David": {"Dave"}, "Robert": {"Rob", "Bob"}, "Richard": {"Rich"}, "Stephen": {"Steve"},
	"Steven": {"Steve"}, "Benjamin": {"Ben"}, "Samuel": {"Sam"}, "Joseph": {"Joe"},
	"Alexander": {"Alex", "Sandy"}, "Edward": {"Ed", "Ted"},
	"María José": {"Majo"}, "Giuseppe": {"Beppe"}, "Matthias": {"Matze"},
	"Małgorzata": {"Gosia"}, "Katarzyna": {"Kasia"}, "Magdalena": {"Magda"}, "Aleksandra": {"Ola"},
	"Łukasz": {"Luke"}, "Wojciech": {"Wojtek"}, "Krzysztof": {"Chris"}, "Jakub": {"Kuba"},
	"Tomasz": {"Tom"}, "Дмитрий": {"Дима", "Dima"}, "Алексей": {"Лёша"}, "Екатерина": {"Катя"},
	"Наталья": {"Наташа"}, "Dmitri": {"Dima"}, "Anastasia": {"Nastya"}, "Oleksandr": {"Sasha"},
	"Αικατερίνη": {"Κατερίνα"}, "Κωνσταντίνος": {"Κώστας"},
	"Oluwaseun": {"Seun"}, "Funmilayo": {"Funmi"}, "Babajide": {"Jide"}, "Ikechukwu": {"Ike"},
	"Chiamaka": {"Amaka"}, "Thandiwe": {"Thandi"},
	"Aishwarya": {"Ash"}, "Vikram": {"Vik"}, "Rajesh": {"Raj"}, "Mohammed": {"Mo"},
	"Muhammad": {"Mo"}, "Gurpreet": {"Gary"}, "Harjit": {"Harry"},
	"Wei": {"David"}, "Mei": {"May"}, "Xiaoling": {"Lily"}, "Jun": {"Jimmy"}, "Zhiwei": {"Jason"},
	"Xinyi": {"Cindy"}, "Ngọc Anh": {"Anna"}, "Tuấn": {"Tony"}, "Ji-woo": {"Jenny"},
	"Min-jun": {"Daniel"}, "Mehmet": {"Memo"}, "Çağrı": {"Chag"},
}

// spellings pairs names that receptionists commonly write either way, for
// near-duplicate records.
var spellings = map[string]string{
	"Catherine": "Katherine", "Katherine": "Kathryn", "Steven": "Stephen", "Stephen": "Steven",
	"Mohammed": "Muhammad", "Muhammad": "Mohammad", "Zoe": "Zoey", "Sarah": "Sara",
	"Clarke": "Clark", "Clark": "Clarke", "Thompson": "Thomson", "Thomson": "Thompson",
	"Davies": "Davis", "Davis": "Davies", "Smith": "Smyth", "Reid": "Reed", "Gray": "Grey",
	"Matthews": "Mathews", "Phillips": "Philips", "MacDonald": "McDonald", "Aisha": "Ayesha",
	"Ayesha": "Aisha", "Chaudhry": "Choudhury", "Chowdhury": "Choudhury", "Ivanov": "Ivanoff",
	"Dmitri": "Dmitry", "Yulia": "Julia", "Natalia": "Natalya", "Wong": "Wang",
}

// showcase are the first patients of every demo database, so even a small
// one shows accented, apostrophised and non-Latin names.
var showcase = []struct {
	first, last, preferred string
	sex                    data.Sex
	origin                 int // index in origins, for the skin type
}{
	{"Zoë", "Hughes", "", data.SexFemale, 0},
	{"Łukasz", "Kowalski", "Luke", data.SexMale, 2},
	{"Ngozi", "Adeyemi", "", data.SexFemale, 6},
	{"Дмитрий", "Иванов", "Дима", data.SexMale, 3},
	{"Siobhan", "O'Brien", "", data.SexFemale, 0},
	{"Linh", "Nguyễn", "", data.SexFemale, 10},
	{"Γιώργος", "Παπαδόπουλος", "", data.SexMale, 5},
	{"Søren", "Østergaard", "", data.SexMale, 1},
}

// Addresses: a street, then a town with the start of its postcode.
var (
	streets = strings.Fields(`High_Street Station_Road Church_Lane Victoria_Road Green_Lane
		Manor_Road Park_Avenue Queen's_Road King_Street Mill_Lane Albert_Road Grove_Road
		Springfield_Road Windsor_Avenue Chapel_Street Belmont_Road Hawthorn_Close Orchard_Way
		St_John's_Road Coronation_Street Castle_Street Riverside_Drive Beech_Grove Elm_Terrace`)
	towns = [][2]string{
		{"London", "SE15"}, {"London", "N16"}, {"London", "E8"}, {"London", "W4"},
		{"London", "SW11"}, {"Manchester", "M14"}, {"Leeds", "LS6"}, {"Bristol", "BS6"},
		{"Birmingham", "B13"}, {"Glasgow", "G12"}, {"Edinburgh", "EH9"}, {"Cardiff", "CF24"},
		{"Belfast", "BT7"}, {"Brighton", "BN1"}, {"Oxford", "OX4"}, {"Norwich", "NR2"},
		{"York", "YO31"}, {"Sheffield", "S11"}, {"Nottingham", "NG7"}, {"Leicester", "LE2"},
	}
	flats = []string{"Flat 2", "Flat 4B", "Apartment 12", "Flat 1", "Basement Flat"}
)

// Email domains are names reserved for examples (RFC 2606 and 6761), so a
// demo database can never send a reminder to a real person.
var emailDomains = []string{
	"example.com", "example.org", "example.net", "mail.example", "inbox.example",
	"post.example", "webmail.example",
}

// Clinical free text, as receptionists and practitioners write it.
var (
	allergies = []string{
		"Lidocaine", "Penicillin", "Latex", "Nickel", "Chlorhexidine", "Elastoplast adhesive",
		"Fragrance mix", "Hay fever", "Peanuts", "Penicillin, sulfonamides",
		"Topical anaesthetic cream (redness and swelling, 2021)", "Tea tree oil",
		"Hyaluronidase", "Ibuprofen - wheeze", "Bee and wasp stings (carries EpiPen)",
	}
	medications = []string{
		"Levothyroxine 50 mcg", "Combined oral contraceptive", "Sertraline 50 mg",
		"Warfarin - INR checked monthly", "Metformin 500 mg twice daily", "Aspirin 75 mg",
		"Tretinoin 0.025% cream at night", "Isotretinoin - finished course March",
		"Spironolactone 50 mg", "Lymecycline 408 mg", "Omeprazole 20 mg", "Cetirizine as needed",
		"Ramipril 5 mg", "Salbutamol inhaler", "HRT patches", "Adalimumab injections fortnightly",
		"Vitamin D 1000 IU", "Fish oil supplements", "Aciclovir before facial treatments",
	}
	medicalNotes = []string{
		"History of cold sores; check antiviral cover before perioral treatment.",
		"Keloid scarring on left shoulder.", "Prefers afternoon appointments.",
		"Rosacea, flares with heat and alcohol.", "Melasma on both cheeks; use lower depth.",
		"Needle-phobic. Apply numbing cream 30 minutes before.",
		"Acne scarring (rolling and boxcar) on cheeks and temples.",
		"Pregnant - postpone treatment until after breastfeeding.",
		"Type 2 diabetes, well controlled. Slower healing noted after last course.",
		"Eczema on neck; avoid active patches.", "Bruises easily.",
		"Patch test done: no reaction after 48 hours.",
		"Stretch marks on abdomen; wants a course of 6.",
		"Post-inflammatory hyperpigmentation after a chemical peel elsewhere.",
		"Vitiligo on hands - do not treat affected areas.", "Hearing aid; speak clearly facing patient.",
		"Brought own SPF 50; reminded to avoid sun for two weeks.",
	}
	archiveReasons = []string{
		"Moved away", "Moved away", "Moved away", "Asked to be removed from active list",
		"Asked to be removed from active list", "No visit for over three years",
		"Registered with another clinic", "Deceased",
	}
)

// spaced turns the underscores used in the word lists into spaces.
func spaced(s string) string { return strings.ReplaceAll(s, "_", " ") }
