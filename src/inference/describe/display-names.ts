/**
 * What a person calls an ImageNet class when the label file's first synonym misleads: another
 * sense of the same word ("mouse" → computer mouse, "crane" the machine, "hip" → rose hip, "plane"
 * → woodworking plane), a word few people use ("lesser panda" → red panda, "ashcan" → trash can,
 * "jinrikisha" → rickshaw), or a breed or species name that reads as something else ("boxer",
 * "Cardigan", "monarch"). Keyed by WordNet 3.0 synset (two classes share the label "crane");
 * found by reading all 1000 labels against their synsets. The comment is the label's first synonym.
 */
export const DISPLAY_NAMES: ReadonlyMap<string, string> = new Map([
  ['n01494475', 'hammerhead shark'], // hammerhead
  ['n01514668', 'rooster'], // cock
  ['n01601694', 'dipper'], // water ouzel
  ['n01664065', 'loggerhead turtle'], // loggerhead
  ['n01755581', 'diamondback rattlesnake'], // diamondback
  ['n01817953', 'African grey parrot'], // African grey
  ['n02088632', 'bluetick coonhound'], // bluetick
  ['n02090379', 'redbone coonhound'], // redbone
  ['n02096177', 'cairn terrier'], // cairn
  ['n02097298', 'Scottish terrier'], // Scotch terrier
  ['n02098413', 'Lhasa apso'], // Lhasa
  ['n02101556', 'clumber spaniel'], // clumber
  ['n02102040', 'English springer spaniel'], // English springer
  ['n02108089', 'boxer dog'], // boxer
  ['n02111129', 'Leonberger'], // Leonberg
  ['n02111277', 'Newfoundland dog'], // Newfoundland
  ['n02112137', 'chow chow'], // chow
  ['n02113023', 'Pembroke Welsh corgi'], // Pembroke
  ['n02113186', 'Cardigan Welsh corgi'], // Cardigan
  ['n02114548', 'Arctic wolf'], // white wolf
  ['n02123045', 'tabby cat'], // tabby
  ['n02134084', 'polar bear'], // ice bear
  ['n02276258', 'admiral butterfly'], // admiral
  ['n02277742', 'ringlet butterfly'], // ringlet
  ['n02279972', 'monarch butterfly'], // monarch
  ['n02389026', 'sorrel horse'], // sorrel
  ['n02395406', 'pig'], // hog
  ['n02497673', 'ring-tailed lemur'], // Madagascar cat
  ['n02509815', 'red panda'], // lesser panda
  ['n02536864', 'coho salmon'], // coho
  ['n02655020', 'pufferfish'], // puffer
  ['n02704792', 'amphibious vehicle'], // amphibian
  ['n02747177', 'trash can'], // ashcan
  ['n02783161', 'ballpoint pen'], // ballpoint
  ['n02788148', 'banister'], // bannister
  ['n02797295', 'wheelbarrow'], // barrow
  ['n02814533', 'station wagon'], // beach wagon
  ['n02814860', 'lighthouse'], // beacon
  ['n02817516', 'bearskin hat'], // bearskin
  ['n02835271', 'tandem bicycle'], // bicycle-built-for-two
  ['n02877765', 'bottle cap'], // bottlecap
  ['n02879718', 'archery bow'], // bow
  ['n02892201', 'plaque'], // brass
  ['n02892767', 'bra'], // brassiere
  ['n02930766', 'taxi'], // cab
  ['n02939185', 'cauldron'], // caldron
  ['n02992529', 'mobile phone'], // cellular telephone
  ['n03016953', 'chest of drawers'], // chiffonier
  ['n03063689', 'coffee pot'], // coffeepot
  ['n03089624', 'candy store'], // confectionery
  ['n03110669', 'trumpet'], // cornet
  ['n03126707', 'construction crane'], // crane
  ['n03133878', 'slow cooker'], // Crock Pot
  ['n03337140', 'filing cabinet'], // file
  ['n03388549', 'four-poster bed'], // four-poster
  ['n03424325', 'gas mask'], // gasmask
  ['n03445924', 'golf cart'], // golfcart
  ['n03459775', 'radiator grille'], // grille
  ['n03483316', 'hair dryer'], // hand blower
  ['n03584829', 'clothes iron'], // iron
  ['n03595614', 'T-shirt'], // jersey
  ['n03599486', 'rickshaw'], // jinrikisha
  ['n03673027', 'ocean liner'], // liner
  ['n03680355', 'loafer'], // Loafer
  ['n03697007', 'sawmill'], // lumbermill
  ['n03706229', 'compass'], // magnetic compass
  ['n03710637', 'leotard'], // maillot
  ['n03710721', 'swimsuit'], // maillot
  ['n03782006', 'computer monitor'], // monitor
  ['n03786901', 'mortar and pestle'], // mortar
  ['n03793489', 'computer mouse'], // mouse
  ['n03803284', 'dog muzzle'], // muzzle
  ['n03825788', 'baby bottle'], // nipple
  ['n03832673', 'notebook computer'], // notebook
  ['n03854065', 'pipe organ'], // organ
  ['n03895866', 'railway carriage'], // passenger car
  ['n03902125', 'payphone'], // pay-phone
  ['n03929660', 'guitar pick'], // pick
  ['n03930630', 'pickup truck'], // pickup
  ['n03947888', 'pirate ship'], // pirate
  ['n03954731', 'woodworking plane'], // plane
  ['n03991062', 'flowerpot'], // pot
  ['n04019541', 'hockey puck'], // puck
  ['n04033901', 'quill pen'], // quill
  ['n04037443', 'race car'], // racer
  ['n04067472', 'fishing reel'], // reel
  ['n04116512', 'eraser'], // rubber eraser
  ['n04118776', 'ruler'], // rule
  ['n04141076', 'saxophone'], // sax
  ['n04243546', 'slot machine'], // slot
  ['n04335435', 'tram'], // streetcar
  ['n04344873', 'sofa bed'], // studio couch
  ['n04355933', 'sunglasses'], // sunglass
  ['n04367480', 'mop'], // swab
  ['n04372370', 'light switch'], // switch
  ['n04389033', 'army tank'], // tank
  ['n04399382', 'teddy bear'], // teddy
  ['n04417672', 'thatched roof'], // thatch
  ['n04428191', 'threshing machine'], // thresher
  ['n04462240', 'toy shop'], // toyshop
  ['n04515003', 'upright piano'], // upright
  ['n04517823', 'vacuum cleaner'], // vacuum
  ['n04554684', 'washing machine'], // washer
  ['n04592741', 'aircraft wing'], // wing
  ['n04606251', 'shipwreck'], // wreck
  ['n06359193', 'screenshot of a website'], // web site
  ['n06785654', 'crossword'], // crossword puzzle
  ['n07248320', 'book cover'], // book jacket
  ['n07684084', 'baguette'], // French loaf
  ['n07714571', 'cabbage'], // head cabbage
  ['n07742313', 'Granny Smith apple'], // Granny Smith
  ['n07875152', 'pot pie'], // potpie
  ['n09193705', 'mountain'], // alp
  ['n09332890', 'lake shore'], // lakeside
  ['n09399592', 'headland'], // promontory
  ['n09835506', 'baseball player'], // ballplayer
  ['n12620546', 'rose hip'], // hip
  ['n12768682', 'horse chestnut'], // buckeye
  ['n13133613', 'ear of corn'], // ear
  ['n15075141', 'toilet paper'], // toilet tissue
]);
